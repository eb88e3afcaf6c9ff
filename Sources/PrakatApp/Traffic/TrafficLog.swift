import Foundation
import NIOConcurrencyHelpers
import PrakatCore
import Vapor

#if canImport(Glibc)
    import Glibc
#endif

/// One request, as kept for the Computer Crime Act (พ.ร.บ.ว่าด้วยการกระทำความผิดเกี่ยวกับคอมพิวเตอร์):
/// who (address and port), when (UTC, milliseconds), what (method, host, path, redacted query),
/// and how it ended (status, bytes, duration).
struct TrafficRecord: Codable, Sendable, Equatable {
    var time: String
    var clientIP: String
    var clientPort: Int?
    var proxy: String?
    var method: String
    var host: String
    var path: String
    var query: String?
    var status: Int
    var bytes: Int?
    var durationMs: Double
    var userAgent: String?
    var referrer: String?
    var userID: String?

    /// Query values that could be secrets never reach the log.
    static let secretNames = ["password", "passwd", "pass", "token", "secret", "otp", "code", "key", "session", "csrf", "auth", "signature", "sig"]

    static func redact(query: String?) -> String? {
        guard let query, !query.isEmpty else { return nil }
        return query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let lowered = (name.removingPercentEncoding ?? name).lowercased()
            if parts.count == 2, secretNames.contains(where: { lowered.contains($0) }) {
                return "\(name)=[REDACTED]"
            }
            return String(pair)
        }.joined(separator: "&")
    }

    static func redact(url: String?) -> String? {
        guard let url, !url.isEmpty else { return nil }
        guard let mark = url.firstIndex(of: "?") else { return url }
        return String(url[..<mark]) + "?" + (redact(query: String(url[url.index(after: mark)...])) ?? "")
    }
}

extension TrafficRecord {
    /// The record as one line of JSON, byte for byte what `JSONEncoder` with sorted keys and
    /// unescaped slashes writes (absent fields left out), without its cost: this runs for every
    /// request, and the encoder took more time than serving a cached page.
    func jsonLine() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + (userAgent?.utf8.count ?? 0) + (referrer?.utf8.count ?? 0) + path.utf8.count)
        var first = true
        func key(_ name: StaticString) {
            out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            first = false
            out.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        func string(_ name: StaticString, _ value: String?) {
            guard let value else { return }
            key(name)
            Self.appendJSONString(value, to: &out)
        }
        func integer(_ name: StaticString, _ value: Int?) {
            guard let value else { return }
            key(name)
            out.append(contentsOf: String(value).utf8)
        }
        integer("bytes", bytes)
        string("clientIP", clientIP)
        integer("clientPort", clientPort)
        key("durationMs")
        out.append(contentsOf: Self.jsonNumber(durationMs).utf8)
        string("host", host)
        string("method", method)
        string("path", path)
        string("proxy", proxy)
        string("query", query)
        string("referrer", referrer)
        integer("status", status)
        string("time", time)
        string("userAgent", userAgent)
        string("userID", userID)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Whole numbers without a fraction, others as Swift's shortest form (JSONEncoder's choice).
    static func jsonNumber(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func appendJSONString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// A closed day's seal: the digest of its file, chained to the day before. It also carries the
/// audit trail's head at sealing time, so each record vouches for the other: the seal shows the
/// audit chain was at least that long, and the audit trail records every seal it was given.
struct TrafficSeal: Codable, Sendable, Equatable {
    var day: String
    var lines: Int
    var sha256: String
    var previousDay: String?
    var previousChain: String
    var auditSequence: Int64
    var auditHash: String
    var chain: String

    /// Every field but `chain` itself is covered.
    var computedChain: String {
        Digest.sha256Hex(
            [
                "prakat-traffic-v2", previousChain, previousDay ?? "-", day, String(lines), sha256,
                String(auditSequence), auditHash
            ].joined(separator: "|"))
    }

    static let emptyDigest = Digest.sha256Hex(Data())
}

/// The audit trail's head, recorded in each seal.
struct AuditAnchor: Sendable, Equatable {
    var sequence: Int64
    var hash: String
    static let none = AuditAnchor(sequence: 0, hash: AuditChain.genesis)
}

/// Append-only daily files under `<data>/traffic/`: `YYYY-MM-DD.jsonl` (UTC days), sealed by
/// `YYYY-MM-DD.seal` once the day is over. Sealed files are made read-only.
actor TrafficLog {
    let directory: String
    let clock: any PrakatClock
    let retentionDays: Int
    /// The day file being appended to. Appends come from every request thread at once, so they
    /// take this lock rather than queueing on the actor (a task and an actor hop per request
    /// cost more than the line itself); sealing takes it too.
    private let file = DayFile()
    private let encoder: JSONEncoder

    init(directory: String, clock: any PrakatClock, retentionDays: Int) {
        self.directory = directory
        self.clock = clock
        self.retentionDays = retentionDays
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.encoder = encoder
    }

    private final class DayFile: Sendable {
        struct State {
            var day: String?
            var descriptor: Int32 = -1
            /// Days at or before this one are sealed or being sealed: late lines go to today's file.
            var sealedThrough: String?
        }
        let state = NIOLockedValueBox(State())

        deinit {
            state.withLockedValue { if $0.descriptor >= 0 { close($0.descriptor) } }
        }
    }

    static func day(of date: Date) -> String {
        InternetDate.utcDay(date)
    }

    static func timestamp(_ date: Date) -> String {
        InternetDate.rfc3339Milliseconds(date)
    }

    /// Names this instance's logs in the audit trail (several instances share one database but
    /// each keeps its own traffic folder). Created once, kept in the folder.
    func instanceID() throws -> String {
        let path = (directory as NSString).appendingPathComponent("instance-id")
        if let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            return text
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let created = UUID().uuidString.lowercased()
        try Data(created.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        return created
    }

    nonisolated func path(day: String, suffix: String) -> String {
        (directory as NSString).appendingPathComponent("\(day).\(suffix)")
    }

    /// Appends one request's line to its day's file, on the caller's thread.
    nonisolated func append(_ record: TrafficRecord, at date: Date) throws {
        var line = record.jsonLine()
        line.append(0x0A)
        let requestedDay = TrafficLog.day(of: date)
        try file.state.withLockedValue { state in
            var day = requestedDay
            if day != state.day {
                // A request that began before midnight and ended after its day was sealed goes
                // into the current day's file (with its own time), so a seal never goes stale.
                // The marker covers a seal being written now; the file, seals of earlier runs.
                let sealing = state.sealedThrough.map { day <= $0 } ?? false
                if sealing || FileManager.default.fileExists(atPath: path(day: day, suffix: "seal")) {
                    day = TrafficLog.day(of: clock.now())
                }
            }
            if day != state.day {
                if state.descriptor >= 0 { close(state.descriptor) }
                state.day = nil
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                state.descriptor = open(path(day: day, suffix: "jsonl"), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
                guard state.descriptor >= 0 else { throw TrafficLogError.cannotOpen(path(day: day, suffix: "jsonl"), errno) }
                state.day = day
            }
            // One write(2) per line with O_APPEND: lines never interleave, even with several writers.
            let written = line.withUnsafeBytes { write(state.descriptor, $0.baseAddress, $0.count) }
            if written != line.count { throw TrafficLogError.shortWrite(errno) }
        }
    }

    /// Seals every finished day that has no seal yet, oldest first, including days without
    /// traffic, so the chain has no holes that a deleted day could hide in.
    @discardableResult
    func sealFinishedDays(anchor: AuditAnchor = .none) throws -> [TrafficSeal] {
        let today = TrafficLog.day(of: clock.now())
        let files = try dayFiles()
        let seals = try existingSeals()
        var previous = seals.filter { $0.key < today }.max { $0.key < $1.key }?.value
        guard var day = previous.map({ TrafficLog.nextDay($0.day) }) ?? files.keys.min() else { return [] }
        var made: [TrafficSeal] = []
        while day < today {
            if seals[day] == nil {
                let filePath = path(day: day, suffix: "jsonl")
                file.state.withLockedValue { state in
                    if state.day == day, state.descriptor >= 0 {
                        close(state.descriptor)
                        state.descriptor = -1
                        state.day = nil
                    }
                    if (state.sealedThrough ?? "") < day { state.sealedThrough = day }
                }
                // On disk before its seal: a power cut must not leave a seal for bytes never written.
                TrafficLog.fsync(path: filePath)
                let data = FileManager.default.contents(atPath: filePath) ?? Data()
                let digest = Digest.sha256Hex(data)
                var seal = TrafficSeal(
                    day: day,
                    lines: data.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 },
                    sha256: digest,
                    previousDay: previous?.day,
                    previousChain: previous?.chain ?? AuditChain.genesis,
                    auditSequence: anchor.sequence,
                    auditHash: anchor.hash,
                    chain: ""
                )
                seal.chain = seal.computedChain
                let sealPath = path(day: day, suffix: "seal")
                try encoder.encode(seal).write(to: URL(fileURLWithPath: sealPath), options: .atomic)
                chmod(sealPath, 0o440)
                TrafficLog.fsync(path: sealPath)
                TrafficLog.fsync(path: directory)
                if FileManager.default.fileExists(atPath: filePath) { chmod(filePath, 0o440) }
                made.append(seal)
                previous = seal
            } else {
                previous = seals[day]
            }
            day = TrafficLog.nextDay(day)
        }
        return made
    }

    /// Deletes day files older than the retention period, and only once they are sealed.
    /// Seals stay: they are tiny and keep the chain checkable.
    @discardableResult
    func purgeExpiredDays() throws -> [String] {
        let cutoff = TrafficLog.day(of: clock.now().addingTimeInterval(-Double(retentionDays) * 86_400))
        let seals = try existingSeals()
        var purged: [String] = []
        for (day, filePath) in try dayFiles() where day < cutoff && seals[day] != nil {
            try FileManager.default.removeItem(atPath: filePath)
            purged.append(day)
        }
        return purged.sorted()
    }

    func dayFiles() throws -> [String: String] {
        try listing(suffix: ".jsonl")
    }

    func existingSeals() throws -> [String: TrafficSeal] {
        var result: [String: TrafficSeal] = [:]
        for (day, filePath) in try listing(suffix: ".seal") {
            if let data = FileManager.default.contents(atPath: filePath), let seal = try? JSONDecoder().decode(TrafficSeal.self, from: data) {
                result[day] = seal
            }
        }
        return result
    }

    /// Only names that are real dates count; anything else in the folder is ignored.
    private func listing(suffix: String) throws -> [String: String] {
        guard FileManager.default.fileExists(atPath: directory) else { return [:] }
        var result: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(suffix) {
            let day = String(name.dropLast(suffix.count))
            if let date = CalendarDate(iso: day), date.iso == day { result[day] = (directory as NSString).appendingPathComponent(name) }
        }
        return result
    }

    /// Flushes a file (or a folder's entries) to disk; a missing file is nothing to flush.
    static func fsync(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = Glibc.fsync(descriptor)
        close(descriptor)
    }

    static func nextDay(_ day: String) -> String {
        guard let date = CalendarDate(iso: day) else { preconditionFailure("listing() only yields valid days") }
        return date.adding(days: 1).iso
    }

    enum VerificationResult: Equatable, Sendable {
        case intact(days: Int)
        case broken(day: String, reason: String)
    }

    /// Checks every seal against its file and the chain between seals, and that no finished
    /// day was left unsealed. Names the first day that is altered, missing or out of order.
    func verify() throws -> VerificationResult {
        let seals = try existingSeals()
        let files = try dayFiles()
        let today = TrafficLog.day(of: clock.now())
        let cutoff = TrafficLog.day(of: clock.now().addingTimeInterval(-Double(retentionDays) * 86_400))
        var previous: TrafficSeal?
        for day in Set(seals.keys).union(files.keys).filter({ $0 < today }).sorted() {
            guard let seal = seals[day] else {
                return .broken(day: day, reason: "the day is over but has no seal")
            }
            if seal.day != day { return .broken(day: day, reason: "its seal belongs to \(seal.day): seals were moved or reordered") }
            if seal.chain != seal.computedChain { return .broken(day: day, reason: "the seal itself was altered") }
            if let previous {
                let expected = TrafficLog.nextDay(previous.day)
                if expected < day, seal.previousDay != previous.day {
                    // Both the file and the seal of the day(s) in between are gone.
                    return .broken(day: expected, reason: "the day is missing: its file and seal are gone (the seal of \(day) follows \(seal.previousDay ?? "none"))")
                }
                if seal.previousDay != previous.day || expected != day {
                    return .broken(day: day, reason: "the day before it (\(seal.previousDay ?? "none")) is missing or out of order")
                }
                if seal.previousChain != previous.chain { return .broken(day: day, reason: "its link to \(previous.day) does not match") }
            }
            if let filePath = files[day] {
                let digest = Digest.sha256Hex(FileManager.default.contents(atPath: filePath) ?? Data())
                if digest != seal.sha256 { return .broken(day: day, reason: "the day's file was altered") }
            } else if seal.sha256 != TrafficSeal.emptyDigest && day >= cutoff {
                return .broken(day: day, reason: "the day's file is missing before its retention ended")
            }
            previous = seal
        }
        return .intact(days: seals.count)
    }
}

enum TrafficLogError: Error, CustomStringConvertible {
    case cannotOpen(String, Int32)
    case shortWrite(Int32)

    var description: String {
        switch self {
        case .cannotOpen(let path, let code): "cannot open traffic log \(path): \(String(cString: strerror(code)))"
        case .shortWrite(let code): "traffic log write was cut short: \(String(cString: strerror(code)))"
        }
    }
}

/// Records every request. Placed outermost, so it sees the final status of error pages too.
struct TrafficLogMiddleware: AsyncMiddleware {
    let log: TrafficLog

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = request.clock.now()
        let startedUptime = DispatchTime.now().uptimeNanoseconds
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            let status = (error as? any AbortError)?.status ?? .internalServerError
            record(request, status: status, bytes: nil, started: started, startedUptime: startedUptime)
            throw error
        }
        let count = response.body.count
        record(request, status: response.status, bytes: count >= 0 ? count : nil, started: started, startedUptime: startedUptime)
        return response
    }

    private func record(_ request: Request, status: HTTPResponseStatus, bytes: Int?, started: Date, startedUptime: UInt64) {
        Self.write(Self.record(request, status: status, bytes: bytes, started: started, startedUptime: startedUptime), at: started, to: log, logger: request.logger)
    }

    static func write(_ record: TrafficRecord, at started: Date, to log: TrafficLog, logger: Logger) {
        do {
            try log.append(record, at: started)
        } catch {
            // Losing traffic data is serious but must not take the site down; operators see it in the log.
            logger.critical("traffic log write failed: \(error)")
        }
    }

    /// The line for one request.
    static func record(_ request: Request, status: HTTPResponseStatus, bytes: Int?, started: Date, startedUptime: UInt64) -> TrafficRecord {
        record(
            request, client: request.clientAddress, path: request.url.path, query: request.url.query, status: status, bytes: bytes, started: started,
            elapsedNanoseconds: DispatchTime.now().uptimeNanoseconds - startedUptime, userID: request.auth.get(User.self)?.id?.uuidString)
    }

    /// The line for one request whose address, path and query the caller has read already (the
    /// cached-page responder reads each once).
    static func record(
        _ request: Request, client: ClientAddress, path: String, query: String?, status: HTTPResponseStatus, bytes: Int?, started: Date,
        elapsedNanoseconds: UInt64, userID: String?
    ) -> TrafficRecord {
        record(
            method: request.method, headers: request.headers, client: client, path: path, query: query, status: status, bytes: bytes,
            started: started, elapsedNanoseconds: elapsedNanoseconds, userID: userID)
    }

    /// The same from the request's method and headers alone (the front server makes no `Request`
    /// for a cached page).
    static func record(
        method: HTTPMethod, headers: HTTPHeaders, client: ClientAddress, path: String, query: String?, status: HTTPResponseStatus, bytes: Int?,
        started: Date, elapsedNanoseconds: UInt64, userID: String?
    ) -> TrafficRecord {
        TrafficRecord(
            time: TrafficLog.timestamp(started),
            clientIP: client.ip,
            clientPort: client.port,
            proxy: client.via,
            method: method.rawValue,
            host: headers.first(name: .host) ?? "-",
            path: path,
            query: TrafficRecord.redact(query: query),
            status: Int(status.code),
            bytes: bytes,
            // Milliseconds to the microsecond.
            durationMs: (Double(elapsedNanoseconds) / 1000).rounded() / 1000,
            userAgent: headers.first(name: .userAgent).map { String($0.prefix(512)) },
            referrer: TrafficRecord.redact(url: headers.first(name: .referer)).map { String($0.prefix(1024)) },
            userID: userID
        )
    }
}
