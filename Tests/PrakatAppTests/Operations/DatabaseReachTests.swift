import Foundation
import Testing
import Vapor

@testable import PrakatApp

/// A database that does not answer at start is said once, in Thai, by Prakat: not first by the
/// connection pool's English error line.
@Suite("Operations: a database that does not answer")
struct DatabaseReachTests {
    @Test func startingWithAnUnreachablePostgreSQLSaysSoInThai() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prakat-reach-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let app = try await Application.make(.testing)
        let records = LoggedLevels()
        app.logger = Logger(label: "reach-test") { _ in records }
        app.logger.logLevel = .trace
        do {
            let environment = ["PRAKAT_DATA_DIR": directory, "PRAKAT_DEMO": "0", "DATABASE_URL": "postgres://prakat:x@127.0.0.1:1/prakat"]
            try await configure(app, configuration: try PrakatConfiguration.fromEnvironment(environment), clock: FixedClock(Date(timeIntervalSince1970: 1_770_606_000)))
            let error = await #expect(throws: DatabaseUnreachable.self) { try await prepareDatabase(app, seedDemo: false) }
            #expect(error?.description.hasPrefix("ติดต่อฐานข้อมูลไม่ได้ (PostgreSQL 127.0.0.1:1: ") == true, "\(String(describing: error))")
            #expect(records.levels.allSatisfy { $0 < .error }, "\(records.messages)")
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

/// Log records kept in memory (level and message), for tests that check what was logged.
final class LoggedLevels: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [(Logger.Level, String)] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var levels: [Logger.Level] { lock.withLock { kept.map(\.0) } }
    var messages: [String] { lock.withLock { kept.map(\.1) } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        lock.withLock { kept.append((level, message.description)) }
    }
}
