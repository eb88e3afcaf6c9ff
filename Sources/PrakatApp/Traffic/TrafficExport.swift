import Foundation
import PrakatCore
import Vapor

/// Traffic-log days packed for the authorities: the day files, their seals, `SHA256SUMS` and a
/// manifest (days, digests, seal chain values, instance, when and by whom). The export is
/// recorded in the audit trail (`traffic.exported`) with the archive's own digest.
enum TrafficExport {
    static let exportedAction = AuditAction.trafficExported
    static let maximumDays = 366

    struct DayEntry: Codable, Equatable, Sendable {
        var day: String
        /// nil when the file was deleted after the retention period (its seal remains).
        var file: String?
        var sha256: String?
        var bytes: Int?
        var sealed: Bool
        var sealFile: String?
        var lines: Int?
        var previousDay: String?
        var previousChain: String?
        var chain: String?
    }

    struct Manifest: Codable, Equatable, Sendable {
        var format = "prakat-traffic-export"
        var version = 1
        var instanceId: String
        var exportedAt: String
        var exportedBy: String
        var from: String
        var to: String
        /// What `verify-logs` says about the whole folder at export time.
        var verification: String
        var days: [DayEntry]
    }

    struct Export: Sendable {
        var archive: Data
        var manifest: Manifest
        var sha256: String
        var fileName: String
    }

    enum RangeProblem: Error, Equatable { case from, to, range }

    static func range(from: String?, to: String?) -> Result<(CalendarDate, CalendarDate), RangeProblem> {
        guard let from = from.flatMap({ CalendarDate(iso: $0.trimmingCharacters(in: .whitespaces)) }) else { return .failure(.from) }
        guard let to = to.flatMap({ CalendarDate(iso: $0.trimmingCharacters(in: .whitespaces)) }) else { return .failure(.to) }
        guard from <= to, from.adding(days: maximumDays - 1) >= to else { return .failure(.range) }
        return .success((from, to))
    }

    /// No day of the range has a log; `logged`: the first and last day that has one, if any.
    struct NothingInRange: Error {
        var logged: ClosedRange<String>?
    }

    /// Builds the archive and records the export in the audit trail (same call, so no download escapes it).
    /// `refusingEmpty`: a range without any log throws `NothingInRange` (nothing built or audited).
    static func export(_ app: Application, from: CalendarDate, to: CalendarDate, actor: AuditActor, refusingEmpty: Bool = false) async throws -> Export {
        let log = app.trafficLog
        let files = try await log.dayFiles()
        let seals = try await log.existingSeals()
        let logged = Set(files.keys).union(seals.keys).sorted()
        let inRange = logged.filter { $0 >= from.iso && $0 <= to.iso }
        if refusingEmpty, inRange.isEmpty { throw NothingInRange(logged: logged.isEmpty ? nil : logged[0]...logged[logged.count - 1]) }
        let instance = try await log.instanceID()
        let verification: String
        switch try await log.verify() {
        case .intact(let days): verification = "intact (\(days) sealed days)"
        case .broken(let day, let reason): verification = "broken at \(day): \(reason)"
        }
        var entries: [ArchivedFile] = []
        var days: [DayEntry] = []
        var sums: [String] = []
        for day in inRange {
            var entry = DayEntry(day: day, sealed: seals[day] != nil)
            if let path = files[day], let data = FileManager.default.contents(atPath: path) {
                let name = "traffic/\(day).jsonl"
                let digest = Digest.sha256Hex(data)
                entries.append(ArchivedFile(name: name, data: data, mode: 0o440, modified: app.clock.now()))
                entry.file = name
                entry.sha256 = digest
                entry.bytes = data.count
                sums.append("\(digest)  \(name)")
            }
            if let seal = seals[day], let data = FileManager.default.contents(atPath: await log.path(day: day, suffix: "seal")) {
                let name = "traffic/\(day).seal"
                entries.append(ArchivedFile(name: name, data: data, mode: 0o440, modified: app.clock.now()))
                sums.append("\(Digest.sha256Hex(data))  \(name)")
                entry.sealFile = name
                entry.lines = seal.lines
                entry.previousDay = seal.previousDay
                entry.previousChain = seal.previousChain
                entry.chain = seal.chain
                if entry.sha256 == nil, seal.sha256 == TrafficSeal.emptyDigest { entry.sha256 = seal.sha256 }
            }
            days.append(entry)
        }
        let manifest = Manifest(
            instanceId: instance, exportedAt: TrafficLog.timestamp(app.clock.now()), exportedBy: actor.name,
            from: from.iso, to: to.iso, verification: verification, days: days)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let manifestData = try encoder.encode(manifest)
        sums.insert("\(Digest.sha256Hex(manifestData))  manifest.json", at: 0)
        let archive = try TarGzip.archive(
            [
                ArchivedFile(name: "manifest.json", data: manifestData, mode: 0o440, modified: app.clock.now()),
                ArchivedFile(name: "SHA256SUMS", data: Data((sums.joined(separator: "\n") + "\n").utf8), mode: 0o440, modified: app.clock.now())
            ]
                + entries)
        let digest = Digest.sha256Hex(archive)
        let audit = app.audit
        let dayCount = days.count
        try await app.writer.write { tx in
            _ = try await audit.record(
                AuditEvent(
                    exportedAction, entityType: "traffic-log", entityID: "\(from.iso)..\(to.iso)",
                    details: [
                        "instance": instance, "days": String(dayCount), "sha256": digest,
                        "bytes": String(archive.count)
                    ]),
                by: actor, in: tx)
        }
        return Export(archive: archive, manifest: manifest, sha256: digest, fileName: "prakat-traffic-\(from.iso)-\(to.iso).tar.gz")
    }
}
