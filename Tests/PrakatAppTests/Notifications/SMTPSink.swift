import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real SMTP server for the tests: `smtp_sink.py` (aiosmtpd) on a loopback port, writing
/// every accepted message to a folder. Stopped when the test ends.
final class SMTPSink: @unchecked Sendable {
    let port: Int
    let directory: URL
    private let process = Process()

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("smtp_sink.py").path

    /// Asked through the shell: Foundation's `Process.waitUntilExit` can stall a test process
    /// whose cooperative threads are busy, and this runs while traits are evaluated.
    static let pythonHasAiosmtpd: Bool = system("'\(python)' -c 'import aiosmtpd' >/dev/null 2>&1") == 0

    /// CI's virtualenv (`PRAKAT_TEST_PYTHON`), else the python3 on PATH.
    static let python = ProcessInfo.processInfo.environment["PRAKAT_TEST_PYTHON"] ?? "python3"

    /// A port nobody listens on yet (the kernel picks it; the sink binds it right after).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private init(port: Int) throws {
        self.port = port
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("prakat-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [Self.python, Self.script, "--port", String(port), "--out", directory.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Starts the server and returns once it accepts connections (at most 20 s).
    static func start(port: Int = SMTPSink.freePort()) async throws -> SMTPSink {
        let sink = try SMTPSink(port: port)
        for _ in 0..<400 {
            if accepts(port) { return sink }
            try await Task.sleep(for: .milliseconds(50))
        }
        sink.stop()
        throw CocoaError(.fileReadUnknown)
    }

    private static func accepts(_ port: Int) -> Bool {
        guard let fd = LoopbackSocket.connect(port: port) else { return false }
        close(fd)
        return true
    }

    /// The messages received so far, as raw text, in order.
    var messages: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".eml") }.sorted { Int($0.dropLast(4)) ?? 0 < Int($1.dropLast(4)) ?? 0 }
            .compactMap { try? String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8) }
    }

    func stop() {
        // No waitUntilExit: on Linux it spins a run loop that can stall a test's cooperative
        // thread; SIGTERM ends aiosmtpd at once and Foundation reaps it.
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }
}

/// Decodes what a mail client shows: RFC 2047 words in headers, the base64 body.
enum ReceivedMail {
    static func header(_ name: String, in raw: String) -> String? {
        let unfolded = raw.replacingOccurrences(of: "\r\n ", with: " ").replacingOccurrences(of: "\n ", with: " ")
        guard let line = unfolded.split(whereSeparator: \.isNewline).first(where: { $0.lowercased().hasPrefix(name.lowercased() + ":") }) else { return nil }
        let value = line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
        return decodeWords(value)
    }

    static func decodeWords(_ text: String) -> String {
        var result = ""
        for part in text.split(separator: " ", omittingEmptySubsequences: false) {
            if part.hasPrefix("=?"), part.hasSuffix("?="), let data = Data(base64Encoded: String(part.split(separator: "?")[safe: 3] ?? "")) {
                result += String(data: data, encoding: .utf8) ?? ""
            } else {
                result += (result.isEmpty ? "" : " ") + part
            }
        }
        return result
    }

    static func body(_ raw: String) -> String {
        let parts = raw.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
        let encoded = parts.dropFirst().joined(separator: "\n\n").replacingOccurrences(of: "\n", with: "")
        return Data(base64Encoded: encoded).flatMap { String(data: $0, encoding: .utf8) } ?? ""
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
