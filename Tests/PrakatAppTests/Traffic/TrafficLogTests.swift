import Fluent
import Foundation
import PrakatCore
import SQLKit
import Testing
import VaporTesting

@testable import PrakatApp

@Suite("Traffic log (Computer Crime Act)")
struct TrafficLogTests {
    func lines(_ app: Application, day: String) throws -> [TrafficRecord] {
        let path = (app.prakat.trafficLogDirectory as NSString).appendingPathComponent("\(day).jsonl")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(TrafficRecord.self, from: Data($0.utf8)) }
    }

    @Test func everyRequestIsRecordedWithSecretsRedacted() async throws {
        try await withPrakat { app, fixtures, clock in
            let browser = Browser(app)
            try await browser.request(
                .GET, "/?q=ชลบุรี&token=abc123&password=hunter2", headers: ["User-Agent": "TestAgent/1.0", "Referer": "https://example.org/x?session=s3cret&a=1"])
            try await browser.signIn("staff")
            try await browser.request(.GET, "/no-such-page")
            let records = try lines(app, day: TrafficLog.day(of: clock.now()))
            #expect(records.map(\.path) == ["/", "/login", "/login", "/no-such-page"])  // the form is fetched before it is posted
            let home = try #require(records.first { $0.path == "/" })
            #expect(home.method == "GET")
            #expect(home.status == 200)
            #expect(home.query?.contains("token=[REDACTED]") == true)
            #expect(home.query?.contains("password=[REDACTED]") == true)
            #expect(home.query?.contains("hunter2") == false)
            #expect(home.referrer == "https://example.org/x?session=[REDACTED]&a=1")
            #expect(home.userAgent == "TestAgent/1.0")
            #expect(home.time == "2026-02-09T03:00:00.000Z")
            #expect(home.bytes ?? 0 > 0)
            let login = try #require(records.first { $0.path == "/login" && $0.method == "POST" })
            #expect(login.status == 303)
            let missing = try #require(records.first { $0.path == "/no-such-page" })
            #expect(missing.status == 404)
            #expect(missing.userID == fixtures.staff.id?.uuidString)
        }
    }

    @Test func finishedDaysAreSealedInAChainAndTamperingIsFound() async throws {
        try await withPrakat { app, _, clock in
            let browser = Browser(app)
            try await browser.request(.GET, "/")
            let firstDay = TrafficLog.day(of: clock.now())
            clock.advance(by: 86_400)
            try await browser.request(.GET, "/privacy")
            clock.advance(by: 2 * 86_400)  // one day without traffic in between
            let seals = try await app.trafficLog.sealFinishedDays()
            #expect(seals.map(\.day) == [firstDay, TrafficLog.nextDay(firstDay), TrafficLog.nextDay(TrafficLog.nextDay(firstDay))])
            #expect(seals[1].previousChain == seals[0].chain)
            #expect(seals[2].lines == 0)
            #expect(try await app.trafficLog.sealFinishedDays().isEmpty)
            #expect(try await app.trafficLog.verify() == .intact(days: 3))

            let path = (app.prakat.trafficLogDirectory as NSString).appendingPathComponent("\(firstDay).jsonl")
            chmod(path, 0o640)
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("{\"forged\":true}\n".utf8))
            try handle.close()
            #expect(try await app.trafficLog.verify() == .broken(day: firstDay, reason: "the day's file was altered"))
        }
    }

    /// The hand-written line is what JSONEncoder (sorted keys, slashes unescaped) would write,
    /// so files written before and after the change read and verify alike.
    @Test(arguments: [
        TrafficRecord(
            time: "2026-02-09T03:00:00.123Z", clientIP: "203.0.113.1", clientPort: 51_234, proxy: "10.0.0.1", method: "GET",
            host: "www.example.go.th", path: "/p/12/files/a b", query: "q=%E0%B8%AA&password=[REDACTED]", status: 200, bytes: 13_312,
            durationMs: 0.239, userAgent: "Mozilla/5.0 (X11; Linux) \"quoted\" back\\slash", referrer: "https://example.go.th/c/news?page=2",
            userID: "A1B2C3D4-0000-0000-0000-000000000000"),
        TrafficRecord(
            time: "2026-02-09T03:00:00.000Z", clientIP: "::1", clientPort: nil, proxy: nil, method: "POST", host: "-", path: "/สวัสดี",
            query: nil, status: 500, bytes: nil, durationMs: 12, userAgent: "tab\tnew\nline\u{01}\u{1F}\u{7F}ไทย😀", referrer: nil, userID: nil),
        TrafficRecord(
            time: "x", clientIP: "", clientPort: 0, proxy: "", method: "", host: "", path: "", query: "", status: 0, bytes: 0,
            durationMs: 86_000_123.456, userAgent: "\r\u{08}\u{0C}/", referrer: "", userID: "")
    ])
    func aLineIsWhatJSONEncoderWrites(record: TrafficRecord) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(String(decoding: record.jsonLine(), as: UTF8.self) == String(decoding: try encoder.encode(record), as: UTF8.self))
        #expect(try JSONDecoder().decode(TrafficRecord.self, from: Data(record.jsonLine())) == record)
    }

    @Test func aLateLineForASealedDayGoesIntoTodaysFile() async throws {
        try await withPrakat { app, _, clock in
            let started = clock.now()
            try await Browser(app).request(.GET, "/")
            clock.advance(by: 86_400)
            try await app.trafficLog.sealFinishedDays()
            let late = TrafficRecord(
                time: TrafficLog.timestamp(started), clientIP: "203.0.113.1", clientPort: 1, proxy: nil, method: "GET",
                host: "x", path: "/slow", query: nil, status: 200, bytes: 1, durationMs: 86_000_000, userAgent: nil,
                referrer: nil, userID: nil)
            try app.trafficLog.append(late, at: started)
            #expect(try await app.trafficLog.verify() == .intact(days: 1))
            let today = try lines(app, day: TrafficLog.day(of: clock.now()))
            #expect(today.map(\.path) == ["/slow"])
        }
    }

    func file(_ app: Application, _ day: String, _ suffix: String) -> String {
        (app.prakat.trafficLogDirectory as NSString).appendingPathComponent("\(day).\(suffix)")
    }

    @Test func aDeletedDayFileIsFoundEvenIfItsSealIsEditedToLookEmpty() async throws {
        try await withPrakat { app, _, clock in
            try await Browser(app).request(.GET, "/")
            let day = TrafficLog.day(of: clock.now())
            clock.advance(by: 86_400)
            try await TrafficSealing.sealFinishedDays(app)
            try FileManager.default.removeItem(atPath: file(app, day, "jsonl"))
            #expect(try await app.trafficLog.verify() == .broken(day: day, reason: "the day's file is missing before its retention ended"))
            // Editing the seal to claim an empty day breaks the seal instead.
            let sealPath = file(app, day, "seal")
            chmod(sealPath, 0o640)
            var seal = try JSONDecoder().decode(TrafficSeal.self, from: Data(contentsOf: URL(fileURLWithPath: sealPath)))
            seal.lines = 0
            seal.sha256 = TrafficSeal.emptyDigest
            try JSONEncoder().encode(seal).write(to: URL(fileURLWithPath: sealPath))
            #expect(try await app.trafficLog.verify() == .broken(day: day, reason: "the seal itself was altered"))
        }
    }

    @Test func aFinishedDayWithoutASealIsReported() async throws {
        try await withPrakat { app, _, clock in
            try await Browser(app).request(.GET, "/")
            let day = TrafficLog.day(of: clock.now())
            clock.advance(by: 86_400)
            #expect(try await app.trafficLog.verify() == .broken(day: day, reason: "the day is over but has no seal"))
        }
    }

    @Test func resealingAnEditedDayAfterDeletingItsSealDisagreesWithTheAuditTrail() async throws {
        try await withPrakat { app, _, clock in
            try await Browser(app).request(.GET, "/")
            let day = TrafficLog.day(of: clock.now())
            clock.advance(by: 86_400)
            try await TrafficSealing.sealFinishedDays(app)
            #expect(try await TrafficSealing.sealsDisagreeingWithAudit(app).isEmpty)
            try FileManager.default.removeItem(atPath: file(app, day, "seal"))
            chmod(file(app, day, "jsonl"), 0o640)
            try Data("{\"forged\":true}\n".utf8).write(to: URL(fileURLWithPath: file(app, day, "jsonl")))
            try await TrafficSealing.sealFinishedDays(app)
            #expect(try await app.trafficLog.verify() == .intact(days: 1))  // the files alone look fine…
            let problems = try await TrafficSealing.sealsDisagreeingWithAudit(app)
            #expect(problems.first?.hasPrefix(day) == true)  // …the audit trail remembers the first seal
        }
    }

    @Test func cuttingTheAuditTrailsTailIsCaughtByTheSeals() async throws {
        try await withPrakat { app, _, clock in
            let browser = Browser(app)
            try await browser.signIn("staff")
            clock.advance(by: 86_400)
            try await TrafficSealing.sealFinishedDays(app)
            #expect(try await TrafficSealing.missingAuditAnchors(app).isEmpty)
            try await removeAuditGuard(app)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("DELETE FROM audit_entries").run()
            #expect(try await AuditTrail.verify(on: app.db) == .intact(entries: 0))
            #expect(try await TrafficSealing.missingAuditAnchors(app).count == 1)
        }
    }

    @Test func strayFilesInTheFolderAreIgnored() async throws {
        try await withPrakat { app, _, clock in
            try await Browser(app).request(.GET, "/")
            try Data().write(to: URL(fileURLWithPath: file(app, "20250101xx", "jsonl")))
            try Data().write(to: URL(fileURLWithPath: file(app, "2025-02-30", "jsonl")))
            clock.advance(by: 86_400)
            #expect(try await app.trafficLog.sealFinishedDays().count == 1)
        }
    }

    @Test func onlySealedDaysPastRetentionArePurged() async throws {
        try await withPrakat { app, _, clock in
            try await Browser(app).request(.GET, "/")
            let day = TrafficLog.day(of: clock.now())
            clock.advance(by: 89 * 86_400)
            try await app.trafficLog.sealFinishedDays()
            #expect(try await app.trafficLog.purgeExpiredDays().isEmpty)
            clock.advance(by: 2 * 86_400)
            #expect(try await app.trafficLog.purgeExpiredDays() == [day])
            #expect(try await app.trafficLog.verify() == .intact(days: 89))
        }
    }

    @Test func productionInstallsCreateNoDemoAccountsUnlessAsked() throws {
        #expect(try PrakatConfiguration.fromEnvironment([:], isProduction: false).seedDemoOnFirstStart)
        #expect(try !PrakatConfiguration.fromEnvironment([:], isProduction: true).seedDemoOnFirstStart)
        #expect(try PrakatConfiguration.fromEnvironment(["PRAKAT_DEMO": "1"], isProduction: true).seedDemoOnFirstStart)
    }

    @Test func retentionBelowNinetyDaysIsRefusedAtStart() throws {
        #expect(throws: PrakatConfiguration.Problem.self) {
            try PrakatConfiguration.fromEnvironment(["PRAKAT_LOG_RETENTION_DAYS": "30"])
        }
        #expect(try PrakatConfiguration.fromEnvironment(["PRAKAT_LOG_RETENTION_DAYS": "365"]).logRetentionDays == 365)
    }

    @Test(arguments: [
        ("198.51.100.7", ["203.0.113.9"], [] as [String], "198.51.100.7"),  // untrusted peer: header ignored
        ("10.0.0.2", ["203.0.113.9"], ["10.0.0.0/8"], "203.0.113.9"),  // trusted proxy
        ("10.0.0.2", ["1.2.3.4, 203.0.113.9, 10.0.0.5"], ["10.0.0.0/8"], "203.0.113.9"),  // spoofed left-most entry ignored
        ("::1", ["2001:db8::1"], ["::1/128"], "2001:db8::1"),
        ("10.0.0.2", ["1.2.3.4, 203.0.113.9:4711"], ["10.0.0.0/8"], "203.0.113.9"),  // proxies that append ip:port
        ("10.0.0.2", ["1.2.3.4, [2001:db8::7]:4711"], ["10.0.0.0/8"], "2001:db8::7"),
        ("10.0.0.2", ["1.2.3.4, garbage"], ["10.0.0.0/8"], "10.0.0.2"),  // unreadable hop: stop, never the forged one
        ("10.0.0.2", ["1.2.3.4, 10.0.0.9"], ["10.0.0.0/8"], "1.2.3.4")
    ])
    func clientAddressHonoursForwardedForOnlyFromTrustedProxies(peer: String, forwarded: [String], trusted: [String], expected: String) {
        let ranges = trusted.compactMap(IPAddressRange.init)
        let address = ClientAddress.resolve(peerIP: peer, peerPort: 50_000, forwardedFor: forwarded, trustedProxies: ranges)
        #expect(address.ip == expected)
    }
}
