import Foundation
import Testing
import Vapor

@testable import PrakatApp

/// `prakat doctor` said "ติดต่อฐานข้อมูลไม่ได้ (PSQLError – Generic description to prevent
/// accidental leakage of sensitive data …)" for every PostgreSQL problem: the driver's error hides
/// what the server said. It now names the cause.
@Suite("prakat doctor: what the database said")
struct DoctorDatabaseTests {
    @Test func anUnreachablePostgreSQLIsNamedWithItsCause() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prakat-doctor-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Port 1: nothing listens there.
        let config = try PrakatConfiguration.fromEnvironment([
            "PRAKAT_DATA_DIR": directory, "PRAKAT_DEMO": "0", "PRAKAT_BCRYPT_COST": "4", "DATABASE_URL": "postgres://prakat:secret@127.0.0.1:1/prakat"
        ])
        let app = try await Application.make(.testing)
        app.environment.arguments = ["prakat", "doctor"]
        do {
            try await configure(app, configuration: config, clock: FixedClock(Date(timeIntervalSince1970: 1_770_606_000)))
            let probes = DoctorProbes(freeBytes: { _ in 10 << 30 }, clockSync: app.clockSyncProbe, environment: [:], mailServer: { _ in nil })
            let findings = await Doctor(app: app, config: config, probes: probes).run()
            let database = try #require(findings.first { $0.topic == DoctorText.database })
            #expect(database.level == .mustFix)
            #expect(database.message == DoctorText.databaseUnreachable("PostgreSQL 127.0.0.1:1: Connection refused"))
            #expect(!database.message.contains("secret"), "the password stays out")
        } catch {
            Issue.record(error)
        }
        try await app.asyncShutdown()
    }
}
