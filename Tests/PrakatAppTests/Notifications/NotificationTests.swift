import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

/// Notifications (go-live issue §5): who hears of what, in the list on `/staff` and by mail
/// through a real SMTP server; a server that is down loses nothing.
@Suite("Notifications: list, mail queue and reminders")
struct NotificationTests {
    static func sender(_ app: Application) throws -> MailSender {
        let settings = try #require(app.prakat.mailSettings)
        return MailSender(db: app.db, writer: app.writer, client: SMTPClient(), settings: settings, clock: app.clock)
    }

    static func setEmail(_ app: Application, _ user: User, _ email: String) async throws {
        let stored = try #require(try await User.find(user.id, on: app.db))
        stored.email = email
        try await stored.update(on: app.db)
    }

    /// The start-up message for a missing sender offers `PRAKAT_SMTP_FROM`: it is read.
    @Test func theSenderMayBeSetApartFromTheMailServersURL() throws {
        let base = ["PRAKAT_DATA_DIR": NSTemporaryDirectory() + "prakat-mail-\(UUID().uuidString)", "PRAKAT_SMTP_URL": "smtp://relay.example.go.th"]
        let configured = try PrakatConfiguration.fromEnvironment(base.merging(["PRAKAT_SMTP_FROM": "saraban@example.go.th"]) { $1 })
        #expect(configured.mailSettings?.from.value == "saraban@example.go.th")
        // The URL's own from= wins.
        let both = try PrakatConfiguration.fromEnvironment(
            base.merging(["PRAKAT_SMTP_URL": "smtp://relay.example.go.th?from=url@example.go.th", "PRAKAT_SMTP_FROM": "env@example.go.th"]) { $1 })
        #expect(both.mailSettings?.from.value == "url@example.go.th")
        // Neither: the start is refused, in Thai, naming both ways.
        do {
            _ = try PrakatConfiguration.fromEnvironment(base)
            Issue.record("a mail server without a sender was accepted")
        } catch let problem as PrakatConfiguration.Problem {
            #expect(problem.variable == "PRAKAT_SMTP_URL")
            #expect(problem.message.contains("PRAKAT_SMTP_FROM") && problem.message.contains("?from="))
        }
        // A sender that is not an address is refused like one in the URL.
        #expect(throws: PrakatConfiguration.Problem.self) {
            try PrakatConfiguration.fromEnvironment(base.merging(["PRAKAT_SMTP_FROM": "saraban"]) { $1 })
        }
    }

    @Test(ToolRequirement.aiosmtpd.trait)
    func theHeadIsToldOfASubmittedRequestOnStaffAndByMail() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let mailURL = "smtp://127.0.0.1:\(sink.port)?from=saraban@example.go.th&starttls=never"
        try await withPrakat(environment: ["PRAKAT_SMTP_URL": mailURL]) { app, fixtures, clock in
            try await Self.setEmail(app, fixtures.head, "head@example.go.th")
            let room = try await Newsroom.open(app, fixtures, clock)
            let title = "ประกาศผลการคัดเลือก <script>alert(1)</script>"
            let id = try await room.draft(title: title)
            #expect(try await room.act("submit", id, by: room.staff).status == .ok)

            // Listed for the head at once, and counted in the staff shell.
            let head = Browser(app)
            try await head.signIn("unithead")
            let list = try await head.request(.GET, "/staff/notifications")
            #expect(list.status == .ok)
            #expect(list.text.contains("รออนุมัติ: ประกาศผลการคัดเลือก &lt;script&gt;"))
            #expect(!list.text.contains("<script>alert(1)"))
            #expect(list.text.contains("/staff/requests/\(id.lowercased)"))
            // Nobody else is told.
            #expect(try await StaffNotification.query(on: app.db).count() == 1)

            // Queued in the same transaction; the request itself never waited for the server.
            #expect(sink.messages.isEmpty)
            let outcome = try await Self.sender(app).run()
            #expect(outcome == MailSender.Outcome(sent: 1, failed: 0, gaveUp: 0))
            let raw = try #require(sink.messages.first)
            #expect(ReceivedMail.header("To", in: raw)?.contains("head@example.go.th") == true)
            #expect(ReceivedMail.header("Subject", in: raw)?.contains("รออนุมัติ: ประกาศผลการคัดเลือก") == true)
            let body = ReceivedMail.body(raw)
            #expect(body.contains("เรียน ทดสอบ"))
            #expect(body.contains("http://127.0.0.1:8080/staff/requests/\(id.lowercased)") || body.contains("/staff/requests/\(id.lowercased)"))
            #expect(!body.contains(Fixtures.password))
            // Sent once: a second run finds nothing due.
            #expect(try await Self.sender(app).run() == MailSender.Outcome())
            #expect(try await OutgoingMail.query(on: app.db).first()?.sentAt != nil)

            // Returned: the author hears, with the reason.
            try await Self.setEmail(app, fixtures.staff, "staff@example.go.th")
            #expect(try await room.act("return", id, by: room.head, ["reason": "กรุณาแนบคำสั่งแต่งตั้ง"]).status == .ok)
            #expect(try await Self.sender(app).run().sent == 1)
            #expect(sink.messages.count == 2)
            #expect(ReceivedMail.body(sink.messages[1]).contains("กรุณาแนบคำสั่งแต่งตั้ง"))

            // The admin page shows the queue.
            let admin = Browser(app)
            try await admin.signIn("administrator")
            let queue = try await admin.request(.GET, "/admin/mail")
            #expect(queue.status == .ok)
            #expect(queue.text.contains("head@example.go.th"))
            #expect(queue.text.contains(NotificationText.statusSent))
        }
    }

    @Test(ToolRequirement.aiosmtpd.trait)
    func aMailServerThatIsDownLosesNothingAndIsTriedAgainLater() async throws {
        let port = SMTPSink.freePort()
        try await withPrakat(environment: ["PRAKAT_SMTP_URL": "smtp://127.0.0.1:\(port)?from=saraban@example.go.th&starttls=never&timeout=2"]) { app, fixtures, clock in
            try await Self.setEmail(app, fixtures.head, "head@example.go.th")
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "ข่าวกิจกรรมรณรงค์ป้องกันไข้เลือดออก")
            #expect(try await room.act("submit", id, by: room.staff).status == .ok)

            let down = try await Self.sender(app).run()
            #expect(down == MailSender.Outcome(sent: 0, failed: 1, gaveUp: 0))
            let waiting = try #require(try await OutgoingMail.query(on: app.db).first())
            #expect(waiting.attempts == 1)
            #expect(waiting.sentAt == nil)
            #expect(waiting.lastError?.isEmpty == false)
            #expect(waiting.nextAttemptAt > clock.now())
            let admin = Browser(app)
            try await admin.signIn("administrator")
            #expect(try await admin.request(.GET, "/admin/mail").text.contains(NotificationText.statusRetrying))

            // Not due yet: nothing is tried.
            #expect(try await Self.sender(app).run() == MailSender.Outcome())
            // The server comes back; once the backoff has passed, the message goes.
            let sink = try await SMTPSink.start(port: port)
            defer { sink.stop() }
            clock.advance(by: 3 * 60)
            #expect(try await Self.sender(app).run().sent == 1)
            #expect(sink.messages.count == 1)
        }
    }

    @Test func aPersonChoosesTheirAddressAndWhichMailTheyGet() async throws {
        try await withPrakat(environment: ["PRAKAT_SMTP_URL": "smtp://127.0.0.1:9?from=saraban@example.go.th"]) { app, fixtures, clock in
            let head = Browser(app)
            try await head.signIn("unithead")
            #expect(try await head.request(.GET, "/account/notifications").status == .ok)
            let refused = try await head.post("/account/notifications", ["email": "ไม่ใช่อีเมล"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains(AgencyText.emailInvalid))
            #expect(try await User.find(fixtures.head.id, on: app.db)?.email == nil)

            // Everything but "approval waiting" stays mailed.
            let kept = NotificationKind.allCases.filter { $0 != .approvalWaiting }.map(\.rawValue)
            var pairs = [("email", "head@example.go.th"), ("_csrf", try await head.csrf())]
            pairs += kept.map { ("mailed[]", $0) }
            let saved = try await head.request(.POST, "/account/notifications", formPairs: pairs)
            #expect(saved.status == .seeOther)
            #expect(try await User.find(fixtures.head.id, on: app.db)?.email == "head@example.go.th")
            #expect(try await NotificationOptOut.query(on: app.db).count() == 1)

            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "ประกาศรับสมัครอาสาสมัครสาธารณสุข")
            #expect(try await room.act("submit", id, by: room.staff).status == .ok)
            // Listed, but not mailed.
            #expect(try await StaffNotification.query(on: app.db).count() == 1)
            #expect(try await OutgoingMail.query(on: app.db).count() == 0)
            try await expectAuditVocabulary(app.db)
        }
    }

    @Test func withoutAMailServerNoticesAreListedAndNothingIsQueued() async throws {
        try await withPrakat { app, fixtures, clock in
            try await Self.setEmail(app, fixtures.head, "head@example.go.th")
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "ประกาศผลการสอบราคา")
            #expect(try await room.act("submit", id, by: room.staff).status == .ok)
            #expect(try await room.act("approve", id, by: room.head).status == .ok)
            // The head was told to approve; uploader and webmaster that it waits to be published.
            let told = Set(try await StaffNotification.query(on: app.db).all().map(\.userID))
            #expect(told == Set([fixtures.head.id, fixtures.users[.uploader]?.id, fixtures.users[.webmaster]?.id].compactMap { $0 }))
            #expect(try await OutgoingMail.query(on: app.db).count() == 0)
            let admin = Browser(app)
            try await admin.signIn("administrator")
            #expect(try await admin.request(.GET, "/admin/mail").text.contains("PRAKAT_SMTP_URL"))
            // Reading marks them read.
            let uploader = Browser(app)
            try await uploader.signIn("uploader")
            #expect(try await uploader.post("/staff/notifications/read", [:]).status == .seeOther)
            let unread = try await StaffNotification.query(on: app.db).filter(\.$userID == fixtures.users[.uploader]!.id!).filter(\.$readAt == nil).count()
            #expect(unread == 0)
        }
    }

    @Test func anItemEndingWithinAWeekRemindsItsAuthorOnce() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            _ = try await room.publish(title: "รับสมัครลูกจ้างชั่วคราว", expireAt: clock.now().addingTimeInterval(10 * 86_400))
            let job = ReminderJob(db: app.db, writer: app.writer, notifier: app.notifier)
            #expect(try await job.run(now: clock.now()).notices == 0)
            clock.advance(by: 4 * 86_400)
            #expect(try await job.run(now: clock.now()).notices == 1)
            #expect(try await job.run(now: clock.now()).notices == 0)
            let notice = try #require(try await StaffNotification.query(on: app.db).filter(\.$kind == NotificationKind.endingSoon.rawValue).first())
            #expect(notice.userID == fixtures.staff.id)
        }
    }

    @Test func onlyAdministratorsSeeTheMailQueue() async throws {
        try await withPrakat { app, _, _ in
            #expect(try await visitor(app, "/admin/mail").status == .seeOther)
            #expect(try await visitor(app, "/staff/notifications").status == .seeOther)
            for role in Role.allCases where role != .administrator {
                let browser = Browser(app)
                try await browser.signIn(role.rawValue.lowercased())
                #expect(try await browser.request(.GET, "/admin/mail").status == .forbidden, "\(role)")
                #expect(try await browser.request(.GET, "/staff/notifications").status == .ok, "\(role)")
            }
        }
    }
}
