import Fluent
import FluentSQL
import Foundation
import PrakatCore
import SQLKit
import Vapor

/// The background checker of external links (seed 1 §3.2): keeps `link_checks` in step with
/// the links of public items, then checks the links that are due, a batch per run. Several
/// instances may run it: a due link is claimed (its next check pushed forward) under the write
/// lock before it is fetched, so each check happens once.
struct LinkCheckJob: Sendable {
    let db: any Database
    let writer: DatabaseWriter
    let clock: any PrakatClock
    let checker: LinkChecker
    var batchSize = 30
    /// How long a claimed link stays with this run before another run may take it.
    static let claim: TimeInterval = 15 * 60

    struct Outcome: Sendable, Equatable {
        var added = 0
        var removed = 0
        var checked = 0
        var broken = 0
    }

    @discardableResult
    func run() async throws -> Outcome {
        var outcome = try await sync()
        let due = try await claimDue()
        for link in LinkCheckRules.interleavedByHost(due, host: \.host) {
            let result = await checker.check(link.url)
            try await store(result, for: link.id)
            outcome.checked += 1
            if !result.isWorking { outcome.broken += 1 }
        }
        return outcome
    }

    /// The links of public items, from their link lists and the http(s) addresses in their text.
    static func links(of publication: Publication) -> [String] {
        var seen = Set<String>()
        return (publication.links + LinkCheckRules.links(inBody: publication.body)).compactMap { text in
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard LinkCheckRules.checkable(trimmed) != nil, seen.insert(trimmed).inserted else { return nil }
            return trimmed
        }
    }

    static let syncBatch = 500

    /// Adds rows for new links of public items (due now) and drops rows of links or items that are gone.
    func sync() async throws -> Outcome {
        let now = clock.now()
        var found: [String: (UUID, String)] = [:]
        // A range of numbers at a time: only the links are kept, never every item's text, and no
        // query holds a connection for long (public pages wait for the same connections).
        // Only items that have a link list or mention "http" are read into Swift: decoding every
        // live item's text took 35 s of each run at 100,000 items, the database's scan 2 s.
        // SQLite's LIKE ignores ASCII case already; PostgreSQL's does not.
        let like: any SQLExpression = DatabaseDialect(db) == .postgres ? SQLRaw("ILIKE") : SQLBinaryOperator.like
        let mentionsHTTP = SQLBinaryExpression(left: SQLColumn("body", table: Publication.schema), op: like, right: SQLLiteral.string("%http%"))
        let last = try await Publication.query(on: db).max(\.$number) ?? 0
        var after = 0
        while after < last {
            let upTo = after + Self.syncBatch
            let query = PublicItems(db: db, now: now).live().filter(\.$number > after).filter(\.$number <= upTo)
                .group(.or) { $0.filter(\.$externalLinks != "").filter(.sql(mentionsHTTP)) }
                .field(\.$id).field(\.$number).field(\.$externalLinks).field(\.$body)
            // Columns, not models: filling models by reflection cost seconds over 100,000 items.
            let batch = try await PublicItems.columns(query) { row in
                let publication = Publication()
                publication.id = try row.decode(.id, as: UUID.self)
                publication.number = try row.decode("number", as: Int.self)
                publication.externalLinks = try row.decode("external_links", as: String.self)
                publication.body = try row.decode("body", as: String.self)
                return publication
            }
            for publication in batch {
                guard let id = publication.id else { continue }
                for link in Self.links(of: publication) { found[Self.key(id, link)] = (id, link) }
            }
            after = upTo
        }
        let wanted = found
        return try await writer.write { tx in
            var outcome = Outcome()
            let existing = try await LinkCheck.query(on: tx.db).field(\.$id).field(\.$publicationID).field(\.$url).all()
            var known = Set<String>()
            var stale: [UUID] = []
            for row in existing {
                let key = Self.key(row.publicationID, row.url)
                if wanted[key] == nil, let id = row.id { stale.append(id) } else { known.insert(key) }
            }
            for chunk in stale.inChunks(of: 500) {
                try await LinkCheck.query(on: tx.db).filter(\.$id ~~ chunk).delete()
            }
            outcome.removed = stale.count
            for (key, (publicationID, url)) in wanted.sorted(by: { $0.key < $1.key }) where !known.contains(key) {
                guard let parsed = LinkCheckRules.checkable(url) else { continue }
                let row = LinkCheck()
                row.publicationID = publicationID
                row.url = url
                row.host = LinkCheckRules.hostKey(parsed)
                row.consecutiveFailures = 0
                row.nextCheckAt = now
                row.createdAt = now
                try await row.create(on: tx.db)
                outcome.added += 1
            }
            return outcome
        }
    }

    struct Claimed: Sendable {
        var id: UUID
        var url: String
        var host: String
    }

    /// The links due now, each pushed forward by `claim` so no other run takes them meanwhile.
    func claimDue() async throws -> [Claimed] {
        let now = clock.now()
        return try await writer.write { tx in
            let due = try await LinkCheck.query(on: tx.db).filter(\.$nextCheckAt <= now).sort(\.$nextCheckAt).sort(\.$url).limit(batchSize).all()
            let ids = due.compactMap(\.id)
            if !ids.isEmpty { try await LinkCheck.query(on: tx.db).filter(\.$id ~~ ids).set(\.$nextCheckAt, to: now.addingTimeInterval(Self.claim)).update() }
            return due.compactMap { row in row.id.map { Claimed(id: $0, url: row.url, host: row.host) } }
        }
    }

    /// Keeps what a check found; a row removed meanwhile (the item ended) is left gone.
    func store(_ result: LinkCheckRules.Result, for id: UUID) async throws {
        let now = clock.now()
        try await writer.write { tx in
            guard let row = try await LinkCheck.find(id, on: tx.db) else { return }
            row.statusCode = result.statusCode
            row.failureRaw = result.failure?.rawValue
            row.checkedAt = now
            row.consecutiveFailures = result.isWorking ? 0 : row.consecutiveFailures + 1
            row.nextCheckAt = LinkCheckRules.nextCheck(after: result, at: now)
            try await row.update(on: tx.db)
        }
    }

    private static func key(_ id: UUID, _ url: String) -> String { id.lowercased + " " + url }
}

extension Application {
    /// The checker as the server runs it: the real network, the system resolver, private
    /// addresses refused, real waiting between requests to one host.
    func linkCheckJob(client: HTTPClient, gate: LinkCheckHostGate) -> LinkCheckJob {
        let checker = LinkChecker(
            fetcher: HTTPLinkFetcher(client: client), resolver: SystemHostResolver(), gate: gate, clock: clock,
            pause: { seconds in try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000)) })
        return LinkCheckJob(db: db, writer: writer, clock: clock, checker: checker)
    }
}
