import Fluent
import Foundation
import PrakatCore
import Vapor

/// Records take-downs (seed 1 §2.1.3, §3.2): items whose period ended and urgent items whose
/// approval did not come in time. Serving never waits for this job (PublicItems decides
/// visibility from the dates); the job makes the record: state, history and audit entry.
///
/// It runs in the server every 30 seconds and as `prakat expire` for cron. After downtime it
/// catches up on everything due. With several instances the server runs it on the one holding
/// its lease (`JobLeases`); it still re-checks inside the write transaction, so a `prakat expire`
/// from cron at the same moment records each take-down exactly once too.
struct ExpiryJob: Sendable {
    let app: Application

    struct Outcome: Sendable, Equatable {
        var expired = 0
        var lapsed = 0
    }

    @discardableResult
    func run() async throws -> Outcome {
        let now = app.clock.now()
        let service = app.publishing
        let actor = AuditActor.system("expiry")
        let outcome = try await app.writer.write { tx -> Outcome in
            var outcome = Outcome()
            // Two questions, each answered from its index (AddTakedownIndexes); asked as one with
            // OR, the database read every ended item's row.
            let pending = { Publication.query(on: tx.db).filter(\.$takedownRecordedAt == nil).filter(\.$withdrawnAt == nil) }
            let ended = try await pending().filter(\.$expireAt <= now).all()
            let lapsedItems = try await pending().filter(\.$urgentDeadline <= now).all()
            var seen = Set<UUID>()
            let due = (ended + lapsedItems).filter { $0.id.map { seen.insert($0).inserted } ?? false }.sorted { $0.number < $1.number }
            for publication in due {
                let lapsed = publication.urgentDeadline.map { $0 <= now } ?? false
                let action: RequestAction = lapsed ? .urgentLapse : .expire
                guard let request = try await PublicationRequest.find(publication.currentRequestID, on: tx.db) else { continue }
                let facts = service.facts(request, unitHeadID: nil)
                publication.takedownRecordedAt = now
                if lapsed, let deadline = publication.urgentDeadline {
                    publication.withdrawnAt = deadline
                    publication.withdrawReason = "ไม่ได้รับอนุมัติภายใน \(app.prakat.urgentApprovalHours) ชั่วโมง (กรณีเร่งด่วน)"
                }
                try await publication.update(on: tx.db)
                let from = request.state
                if RequestWorkflow.systemDenial(action, on: facts) == nil {
                    request.state = RequestWorkflow.target(of: action, from: facts)
                    request.stateReason = lapsed ? publication.withdrawReason : nil
                    request.version += 1
                    request.updatedAt = now
                    try await request.update(on: tx.db)
                }
                let dueAt = lapsed ? publication.urgentDeadline : publication.expireAt
                let late = dueAt.map { Int(now.timeIntervalSince($0)) } ?? 0
                try await service.record(
                    action, request, from: from, reason: lapsed ? publication.withdrawReason : "ครบกำหนดระยะเวลาเผยแพร่ (บันทึกช้ากว่ากำหนด \(late) วินาที)", actor: actor, tx)
                if lapsed { outcome.lapsed += 1 } else { outcome.expired += 1 }
            }
            // Serving already hid them (visibility is computed from the dates); the pages that
            // listed them were rendered with that moment as their end. This drops them exactly.
            if !due.isEmpty {
                try await app.siteVersion.bump(tx, due.reduce(SiteChange(tags: [])) { $0 + .publication(number: $1.number, categories: [$1.categoryID]) })
            }
            return outcome
        }
        return outcome
    }
}

/// `prakat expire`: the same job, for cron or after restoring a backup.
struct ExpireCommand: AsyncCommand {
    struct Signature: CommandSignature { init() {} }
    let help = "Records take-downs of items whose publication period has ended (also runs inside serve)."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app, seedDemo: false)
        let outcome = try await ExpiryJob(app: app).run()
        context.console.print("นำออกเมื่อครบกำหนด \(outcome.expired) รายการ, นำออกกรณีเร่งด่วนไม่ได้รับอนุมัติ \(outcome.lapsed) รายการ")
    }
}
