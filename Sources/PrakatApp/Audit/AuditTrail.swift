import Fluent
import Foundation
import PrakatCore
import SQLKit
import Vapor

/// Who did something: a signed-in person, a command-line operator or the system itself.
struct AuditActor: Sendable {
    var userID: UUID?
    var name: String
    var address: String

    static func system(_ name: String = "system") -> AuditActor { AuditActor(userID: nil, name: name, address: "-") }
}

/// What happened to which record, and why.
struct AuditEvent: Sendable {
    var action: String
    var entityType: String
    var entityID: String?
    var reason: String?
    var details: [String: String]

    /// Ids are written lowercase whatever the caller passed (`UUID.uuidString` is uppercase),
    /// so one record is found under one spelling everywhere in the trail.
    init(_ action: AuditAction, entityType: String, entityID: String? = nil, reason: String? = nil, details: [String: String] = [:]) {
        self.action = action.rawValue
        self.entityType = entityType
        self.entityID = entityID.map(AuditEvent.normalised)
        self.reason = reason
        self.details = details.mapValues(AuditEvent.normalised)
    }

    static func normalised(_ value: String) -> String {
        UUID(uuidString: value) != nil ? value.lowercased() : value
    }
}

/// The one service every feature calls to record who did what (issue: audit trail). Entries are
/// appended in the caller's write transaction, so a change and its record commit together.
struct AuditTrail: Sendable {
    let clock: any PrakatClock

    /// Appends in the caller's write transaction; `Database.write` already holds the lock that
    /// keeps two appenders from reading the same head, on both databases.
    @discardableResult
    func record(_ event: AuditEvent, by actor: AuditActor, in tx: WriteTransaction) async throws -> AuditEntry {
        let head = try await AuditEntry.query(on: tx.db).sort(\.$sequence, .descending).first()
        let entry = AuditEntry()
        entry.id = UUID()
        entry.sequence = (head?.sequence ?? 0) + 1
        entry.at = Date(timeIntervalSince1970: Double(AuditEntry.milliseconds(clock.now())) / 1000)
        entry.actorID = actor.userID
        entry.actorName = actor.name
        entry.address = actor.address
        entry.action = event.action
        entry.entityType = event.entityType
        entry.entityID = event.entityID
        entry.reason = event.reason
        entry.details = AuditTrail.canonicalJSON(event.details)
        entry.previousHash = head?.hash ?? AuditChain.genesis
        entry.hash = AuditChain.hash(previous: entry.previousHash, fields: entry.chainFields)
        try await entry.create(on: tx.db)
        return entry
    }

    /// Records an event in a transaction of its own (for events with no other change).
    @discardableResult
    func record(_ event: AuditEvent, by actor: AuditActor, using writer: DatabaseWriter) async throws -> AuditEntry {
        try await writer.write { tx in try await record(event, by: actor, in: tx) }
    }

    static func canonicalJSON(_ details: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(details)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    enum VerificationResult: Sendable, Equatable {
        case intact(entries: Int)
        case broken(Break: AuditChain.Break, checkedBefore: Int)
    }

    /// Walks the whole chain in pages and stops at the first broken link.
    static func verify(on database: any Database, pageSize: Int = 1000) async throws -> VerificationResult {
        var verifier = AuditChain.Verifier()
        var after: Int64 = 0
        while true {
            let page = try await AuditEntry.query(on: database)
                .filter(\.$sequence > after)
                .sort(\.$sequence, .ascending)
                .limit(pageSize)
                .all()
            guard let last = page.last else { return .intact(entries: verifier.checked) }
            for entry in page {
                let link = AuditChain.Link(sequence: entry.sequence, previousHash: entry.previousHash, hash: entry.hash, fields: entry.chainFields)
                if let broken = verifier.check(link) { return .broken(Break: broken, checkedBefore: verifier.checked) }
            }
            after = last.sequence
        }
    }
}

extension Request {
    var audit: AuditTrail { application.audit }

    /// The person behind this request, for the audit trail.
    var auditActor: AuditActor {
        let user = auth.get(User.self)
        return AuditActor(userID: user?.id, name: user?.username ?? "anonymous", address: clientAddress.description)
    }
}
