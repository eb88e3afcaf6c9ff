import Fluent
import Foundation
import PrakatCore
import Vapor

/// Every write of the currency desk, each with its audit entry in the same transaction: the
/// "reviewed, still current" stamp and the "check now" requests. (The link checker's own
/// results are observations, not decisions: `LinkCheckJob` stores them without an entry.)
struct CurrencyService: Sendable {
    let db: any Database
    let writer: DatabaseWriter
    let audit: AuditTrail
    let clock: any PrakatClock

    enum ReviewOutcome: Sendable, Equatable {
        case reviewed
        case notFound
        /// Not on the public site now (scheduled, ended or withdrawn): nothing to keep current.
        case notPublic
    }

    /// Stamps a public item "reviewed, still current" (seed 1 §3.2): its staleness clock starts again.
    func markReviewed(_ publicationID: UUID, by user: User?, actor: AuditActor) async throws -> ReviewOutcome {
        let now = clock.now()
        return try await writer.write { tx in
            guard let publication = try await Publication.find(publicationID, on: tx.db) else { return .notFound }
            guard case .live = publication.window.status(at: now) else { return .notPublic }
            let review = try await CurrencyReview.query(on: tx.db).filter(\.$publicationID == publicationID).first() ?? CurrencyReview()
            let previous = review.id == nil ? nil : review.reviewedAt
            review.publicationID = publicationID
            review.reviewedAt = now
            review.reviewedBy = user?.id
            review.reviewerName = user?.displayName ?? actor.name
            try await review.save(on: tx.db)
            try await audit.record(
                AuditEvent(
                    .publicationReviewedCurrent, entityType: "publication", entityID: publicationID.lowercased,
                    details: ["number": String(publication.number), "previousReview": previous.map(InternetDate.rfc3339) ?? ""]),
                by: actor, in: tx)
            return .reviewed
        }
    }

    /// Queues one link for the checker's next run; false when there is no such link.
    func requestCheck(_ linkID: UUID, actor: AuditActor) async throws -> Bool {
        let now = clock.now()
        return try await writer.write { tx in
            guard let link = try await LinkCheck.find(linkID, on: tx.db) else { return false }
            link.nextCheckAt = now
            try await link.update(on: tx.db)
            try await audit.record(
                AuditEvent(.linkCheckRequested, entityType: "link_check", entityID: linkID.lowercased, details: ["url": link.url, "scope": "one"]),
                by: actor, in: tx)
            return true
        }
    }

    /// Queues every link for the checker's next runs (they still go one per host per second).
    func requestAllChecks(actor: AuditActor) async throws -> Int {
        let now = clock.now()
        return try await writer.write { tx in
            let count = try await LinkCheck.query(on: tx.db).count()
            try await LinkCheck.query(on: tx.db).set(\.$nextCheckAt, to: now).update()
            try await audit.record(AuditEvent(.linkCheckRequested, entityType: "link_check", details: ["scope": "all", "count": String(count)]), by: actor, in: tx)
            return count
        }
    }
}

extension Request {
    var currency: CurrencyService { CurrencyService(db: db, writer: writer, audit: audit, clock: clock) }
}
