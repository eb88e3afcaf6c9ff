import Fluent
import Foundation
import PrakatCore
import Vapor

/// Reminders that come from the clock rather than from a click: an urgent item's approval
/// deadline 24 h and 4 h away and lapsed (seed 1 §2.8), and items whose period ends within
/// 7 days. Each notice has a dedupe key, so running often (and on several instances) tells
/// each person once.
struct ReminderJob {
    let db: any Database
    let writer: DatabaseWriter
    let notifier: Notifier

    static let endingWindow: TimeInterval = 7 * 86_400

    struct Outcome: Equatable { var notices = 0 }

    func run(now: Date) async throws -> Outcome {
        var outcome = Outcome()
        // Urgent items still waiting for approval after the fact.
        let urgent = try await Publication.query(on: db)
            .filter(\.$urgentDeadline != nil).filter(\.$withdrawnAt == nil)
            .filter(\.$urgentDeadline <= now.addingTimeInterval(86_400))
            .limit(500).all()
        for publication in urgent {
            guard let deadline = publication.urgentDeadline, let request = try await PublicationRequest.find(publication.currentRequestID, on: db) else { continue }
            let remaining = deadline.timeIntervalSince(now)
            let kind: NotificationKind = remaining <= 0 ? .urgentLapsed : (remaining <= 4 * 3_600 ? .urgentDeadlineHours : .urgentDeadlineDay)
            var recipients: [User] = []
            if let approver = try await approver(of: request) { recipients.append(approver) }
            if kind == .urgentLapsed, let author = try await User.find(request.$author.id, on: db) { recipients.append(author) }
            let key = "\(kind.rawValue):\(publication.id?.lowercased ?? ""):\(Int(deadline.timeIntervalSince1970))"
            outcome.notices += try await send(recipients, .init(kind: kind, title: publication.title, link: PublishingRoute.request(try request.requireID()).path, dedupeKey: key))
        }
        // Items whose end is near: the author may want to extend them.
        let ending = try await Publication.query(on: db)
            .filter(\.$withdrawnAt == nil).filter(\.$expireAt > now).filter(\.$expireAt <= now.addingTimeInterval(Self.endingWindow))
            .filter(\.$publishAt <= now)
            .limit(500).all()
        for publication in ending {
            guard let end = publication.expireAt, let request = try await PublicationRequest.find(publication.currentRequestID, on: db),
                let author = try await User.find(request.$author.id, on: db)
            else { continue }
            let detail = "วันสิ้นสุดการเผยแพร่: " + ThaiDateFormat.long(end, digits: .arabic, showsTime: true)
            let key = "ending:\(publication.id?.lowercased ?? ""):\(Int(end.timeIntervalSince1970))"
            outcome.notices += try await send(
                [author], .init(kind: .endingSoon, title: publication.title, detail: detail, link: PublicRoute.item(publication.number).path, dedupeKey: key))
        }
        outcome.notices += try await overdueServiceRequests(now: now)
        outcome.notices += try await checklistDeadlines(now: now)
        return outcome
    }

    /// ITA items of this fiscal year's checklists that turned `dueSoon` (issue 13 §3): the
    /// webmasters and the head of the item's unit are told once per deadline.
    private func checklistDeadlines(now: Date) async throws -> Int {
        let year = FiscalYear.containing(now).beYear
        var notices = 0
        let webmasters = try await Notifier.people(with: [.webmaster], in: db)
        for checklist in try await Checklist.query(on: db).filter(\.$fiscalYear == year).all() {
            let report = try await ChecklistService.status(of: checklist, publicOnly: false, now: now, on: db)
            for row in report.rows where row.status == .dueSoon {
                guard let due = row.dueAt, let itemID = row.item.id, let checklistID = checklist.id else { continue }
                var recipients = webmasters
                if let unitID = row.item.unitID, let unit = try await OrgUnit.find(unitID, on: db), let headID = unit.headUserID,
                    let head = try await User.find(headID, on: db), !recipients.contains(where: { $0.id == head.id })
                {
                    recipients.append(head)
                }
                let detail = ComplianceText.reminderDetail(checklist: checklist.title, due: ThaiDateFormat.long(due, digits: .arabic))
                notices += try await send(
                    recipients,
                    .init(
                        kind: .checklistDueSoon, title: row.item.label, detail: detail, link: ComplianceRoute.dashboard(checklistID).path,
                        dedupeKey: "\(NotificationKind.checklistDueSoon.rawValue):\(itemID.lowercased):\(due.iso)"))
            }
        }
        return notices
    }

    /// Citizens' requests past their due time (issue 12 §3): the people who hold each one (and the
    /// desk) are told once per lapse, and the request is flagged for the `/staff` counts.
    private func overdueServiceRequests(now: Date) async throws -> Int {
        let lapsed = try await ServiceRequest.query(on: db)
            .filter(\.$stateRaw != ServiceRequestState.closed.rawValue).filter(\.$dueAt < now).filter(\.$overdueNoticedAt == nil)
            .limit(500).all()
        var notices = 0
        let notifier = notifier
        for request in lapsed {
            guard let id = request.id, let type = try await ServiceType.find(request.typeID, on: db) else { continue }
            notices += try await writer.write { tx in
                guard let fresh = try await ServiceRequest.find(id, on: tx.db), fresh.overdueNoticedAt == nil, fresh.state.isOpen else { return 0 }
                fresh.overdueNoticedAt = now
                try await fresh.update(on: tx.db)
                var people = try await ServiceDesk.responsiblePeople(fresh, type: type, on: tx.db)
                if !type.confidential { people += try await Notifier.people(with: [.serviceDesk], in: tx.db) }
                let dueKey = Int(fresh.dueAt.timeIntervalSince1970)
                return try await notifier.notify(
                    people,
                    about: .init(
                        kind: .serviceOverdue, title: EServiceText.noticeTitle(code: fresh.trackingCode, type: type.nameTh),
                        detail: "กำหนดเดิม: " + ThaiDateFormat.long(fresh.dueAt.addingTimeInterval(-1), digits: .arabic), link: EServiceRoute.request(id).path,
                        dedupeKey: "\(NotificationKind.serviceOverdue.rawValue):\(id.lowercased):\(dueKey)"),
                    in: tx)
            }
        }
        return notices
    }

    /// The person who approved (or must approve) the request: its approver, else its unit's head.
    private func approver(of request: PublicationRequest) async throws -> User? {
        if let id = request.approverID { return try await User.find(id, on: db) }
        guard let unit = try await OrgUnit.find(request.$unit.id, on: db), let head = unit.headUserID else { return nil }
        return try await User.find(head, on: db)
    }

    /// One transaction per notice: a failure (another instance won the race) loses nothing else.
    private func send(_ recipients: [User], _ subject: Notifier.Subject) async throws -> Int {
        guard !recipients.isEmpty else { return 0 }
        // A read first: most runs find every notice already given and need no write at all.
        let keys = recipients.compactMap { $0.id.map { "\(subject.dedupeKey):\($0.lowercased)" } }
        if try await StaffNotification.query(on: db).filter(\.$dedupeKey ~~ keys).count() >= keys.count { return 0 }
        let notifier = notifier
        return try await writer.write { tx in try await notifier.notify(recipients, about: subject, in: tx) }
    }
}

/// Sends queued mail: due rows, a few at a time, each claimed before it is sent so that two
/// instances never send one message twice; failures wait by `MailRetrySchedule` (1 min,
/// 2 min, … up to 6 h), permanent refusals and the last attempt give up, and the admin page
/// shows why.
struct MailSender {
    let db: any Database
    let writer: DatabaseWriter
    let client: SMTPClient
    let settings: MailSettings
    let clock: any PrakatClock
    var batch = 20
    /// How long a claimed row is left alone before another sender may try it (a crash mid-send).
    static let claim: TimeInterval = 600

    struct Outcome: Equatable {
        var sent = 0
        var failed = 0
        var gaveUp = 0
    }

    func run() async throws -> Outcome {
        var outcome = Outcome()
        let now = clock.now()
        let due = try await OutgoingMail.query(on: db)
            .filter(\.$sentAt == nil).filter(\.$gaveUpAt == nil).filter(\.$nextAttemptAt <= now)
            .sort(\.$nextAttemptAt).limit(batch).all()
        for mail in due {
            guard let id = mail.id, try await claim(id, seen: mail.nextAttemptAt, now: now) else { continue }
            guard let to = EmailAddress(validating: mail.toAddress) else {
                try await finish(id) {
                    $0.gaveUpAt = now; $0.lastError = AgencyText.emailInvalid
                }
                outcome.gaveUp += 1
                continue
            }
            let message = MailMessage(id: id, from: settings.from, fromName: nil, to: to, toName: mail.toName, subject: mail.subject, body: mail.body, date: now)
            let failure: SMTPError?
            do {
                _ = try await client.send(message, settings: settings)
                failure = nil
            } catch {
                failure = error
            }
            if let error = failure {
                let attempts = mail.attempts + 1
                let next = MailRetrySchedule.standard.next(afterAttempt: attempts, failure: error.kind, messageID: id)
                try await finish(id) { row in
                    row.attempts = attempts
                    row.lastError = error.thaiDescription
                    switch next {
                    case .retry(let delay): row.nextAttemptAt = now.addingTimeInterval(delay)
                    case .giveUp: row.gaveUpAt = now
                    }
                }
                if case .giveUp = next { outcome.gaveUp += 1 } else { outcome.failed += 1 }
            } else {
                try await finish(id) {
                    $0.sentAt = clock.now()
                    $0.attempts += 1
                    $0.lastError = nil
                }
                outcome.sent += 1
            }
        }
        return outcome
    }

    /// Moves the row's next attempt past the claim window, only if nobody else did first.
    private func claim(_ id: UUID, seen: Date, now: Date) async throws -> Bool {
        try await writer.write { tx in
            guard let row = try await OutgoingMail.find(id, on: tx.db), row.sentAt == nil, row.gaveUpAt == nil,
                abs(row.nextAttemptAt.timeIntervalSince(seen)) < 0.001
            else { return false }
            row.nextAttemptAt = now.addingTimeInterval(Self.claim)
            try await row.update(on: tx.db)
            return true
        }
    }

    private func finish(_ id: UUID, _ change: @escaping @Sendable (OutgoingMail) -> Void) async throws {
        try await writer.write { tx in
            guard let row = try await OutgoingMail.find(id, on: tx.db) else { return }
            change(row)
            try await row.update(on: tx.db)
        }
    }
}
