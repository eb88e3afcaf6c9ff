import Fluent
import FluentKit
import Foundation
import PrakatCore
import SQLKit
import Vapor

/// Moves an install from its SQLite file to PostgreSQL (`prakat move-to-postgres`): the target is
/// migrated to the same schema, then every table is copied row by row with its identifiers, so
/// item numbers and URLs, attachments (blobs), and the audit trail with its hash chain arrive as
/// they were. The copy is checked table by table and the chain is verified on the target.
///
/// Sign-in sessions, sign-in failures and pending two-factor challenges are not copied: people
/// sign in again after the move. Everything else is.
struct DatabaseMove {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    struct Report: Sendable {
        var tables: [(name: String, rows: Int)] = []
        var auditEntries = 0
        var totalRows: Int { tables.reduce(0) { $0 + $1.rows } }
    }

    /// One table: how to copy it, count it and empty it.
    struct Table: Sendable {
        var name: String
        var copy: @Sendable (_ source: any Database, _ target: any Database) async throws -> Int
        var count: @Sendable (_ database: any Database) async throws -> Int
        var clear: @Sendable (_ database: any Database) async throws -> Void
    }

    /// In the order foreign keys need (a parent before the rows that point at it).
    static let tables: [Table] = [
        table(Agency.self), table(SiteState.self), table(SecuritySettings.self),
        table(OrgUnit.self), table(User.self), table(UserTwoFactor.self), table(RecoveryCode.self), table(APIToken.self),
        // Top-level categories first: a child points at its parent.
        table(SiteCategory.self, passes: [{ $0.filter(\.$parentID == nil) }, { $0.filter(\.$parentID != nil) }]),
        // The categories' review intervals (a column `SiteCategory` does not map).
        reviewIntervals,
        table(Checklist.self), table(ChecklistItem.self), table(Blob.self, pageSize: 20), table(PublicationRequest.self), table(RequestEvent.self),
        table(Attachment.self), table(PhotoVariant.self), table(Publication.self), table(RequestChecklistTag.self),
        table(PlanFiscalYear.self), table(PlanStrategy.self), table(PlanProject.self), table(PlanRound.self),
        table(PlanQuestionnaire.self), table(PlanResponse.self), table(PlanAttendee.self),
        table(StaffNotification.self), table(OutgoingMail.self), table(NotificationOptOut.self), table(HomeEntry.self),
        // Engagement (issue 12)
        table(ServiceType.self), table(ServiceTypePerson.self), table(PublicHoliday.self), table(ServiceRequest.self), table(ServiceEvent.self),
        table(ServiceFile.self), table(Question.self), table(SatisfactionResponse.self),
        // Compliance (issue 13)
        table(PublicationChecklistTag.self), table(ChecklistAutoTag.self),
        // Compliance: the currency desk
        table(CurrencyReview.self), table(LinkCheck.self),
        rawTable(VisitorTables.days, columns: [("day", .text), ("page_views", .integer), ("unique_visitors", .integer)]),
        rawTable(VisitorTables.itemViews, columns: [("item_number", .integer), ("month", .text), ("views", .integer)]),
        table(AuditEntry.self, pageSize: 500)
    ]

    /// Tables that exist on the target but start empty after a move: sessions, sign-in attempts
    /// and rate-limit buckets, today's visitor salt and hashes (today's visitors may be counted
    /// again), and the background jobs' leases (the first instance to start takes them).
    static let notCopied: [Table] = [
        table(UserSession.self), table(LoginFailure.self), table(LoginChallenge.self), rawTable("rate_limit_buckets", columns: []),
        // Changes for other instances' page caches: the target's instances start with empty caches.
        table(SiteChangeRow.self),
        rawTable(VisitorTables.hashes, columns: [("day", .text), ("hash", .text)]), rawTable(VisitorTables.salts, columns: [("day", .text), ("salt", .text)]),
        rawTable(JobLeases.schema, columns: [])
    ]

    /// Tables derived from `publications` by triggers, so never copied: the search indexes
    /// (SQLite's FTS5 table and its shadow tables, PostgreSQL's text and gram tables, built by the
    /// target's own triggers) and SQLite's open-ended counts (PostgreSQL counts without them).
    static let derivedFromPublications: Set<String> = Set(["", "_data", "_idx", "_docsize", "_config", "_content"].map { PublicationSearchIndex.table + $0 })
        .union([PostgresSearchIndex.textTable, PostgresSearchIndex.gramTable, AddOpenEndedCounts.table])

    enum ColumnKind: Sendable { case text, integer }

    /// `categories.review_interval_days`, set on the rows the categories' own pass copied.
    static let reviewIntervals = Table(
        name: "categories.review_interval_days",
        copy: { source, target in
            let intervals = try await CurrencyCategoryInterval.all(on: source)
            for (id, days) in intervals { try await CurrencyCategoryInterval.set(days, for: id, on: target) }
            return intervals.count
        },
        count: { try await CurrencyCategoryInterval.query(on: $0).filter(\.$days != nil).count() },
        clear: { _ in })

    /// A table without a Fluent model (the visitor statistics' counters), copied column by column.
    static func rawTable(_ name: String, columns: [(name: String, kind: ColumnKind)]) -> Table {
        Table(
            name: name,
            copy: { source, target in
                guard let from = source as? any SQLDatabase, let to = target as? any SQLDatabase else { return 0 }
                let rows = try await from.select().columns(columns.map { SQLIdentifier($0.name) }).from(name).all()
                for row in rows {
                    let values: [any SQLExpression] = try columns.map { column in
                        switch column.kind {
                        case .text: SQLBind(try row.decode(column: column.name, as: String.self))
                        case .integer: SQLBind(try row.decode(column: column.name, as: Int64.self))
                        }
                    }
                    try await to.insert(into: name).columns(columns.map(\.name)).values(values).run()
                }
                return rows.count
            },
            count: { database in
                guard let sql = database as? any SQLDatabase else { return 0 }
                return try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: name)").first()?.decode(column: "n", as: Int.self) ?? 0
            },
            clear: { database in
                guard let sql = database as? any SQLDatabase else { return }
                try await sql.delete(from: name).run()
            })
    }

    static func table<M: Model>(
        _ type: M.Type, pageSize: Int = 200, passes: [@Sendable (QueryBuilder<M>) -> QueryBuilder<M>] = [{ $0 }]
    ) -> Table {
        Table(
            name: M.schema,
            copy: { source, target in
                var copied = 0
                for pass in passes {
                    var offset = 0
                    while true {
                        let page = try await pass(M.query(on: source)).sort(\._$id).range(offset..<(offset + pageSize)).all()
                        if page.isEmpty { break }
                        // Every stored value as it is, timestamps included (a model's `create` would
                        // set them to now).
                        let rows = page.map { model in
                            let input = StoredValues()
                            model.input(to: input)
                            return input.values
                        }
                        try await M.query(on: target).set(rows).create().get()
                        copied += page.count
                        offset += pageSize
                        if page.count < pageSize { break }
                    }
                }
                return copied
            },
            count: { try await M.query(on: $0).count() },
            clear: { try await M.query(on: $0).delete() })
    }

    /// Copies everything from `source` (SQLite) to `target` (PostgreSQL, already migrated).
    /// Refuses a target that already holds accounts or an audit trail.
    static func run(from source: any Database, to target: any Database, logger: Logger, progress: (String) -> Void = { _ in }) async throws -> Report {
        guard DatabaseDialect(source) == .sqlite else {
            throw Problem(description: "the source is not SQLite: run the command with the SQLite install's settings (no DATABASE_URL)")
        }
        guard DatabaseDialect(target) == .postgres else { throw Problem(description: "the target is not PostgreSQL") }
        let users = try await User.query(on: target).count()
        let entries = try await AuditEntry.query(on: target).count()
        guard users == 0, entries == 0 else {
            throw Problem(description: "the target already holds \(users) accounts and \(entries) audit entries: move into an empty database")
        }
        switch try await AuditTrail.verify(on: source) {
        case .intact: break
        case .broken(let link, _): throw Problem(description: "the source's audit trail is broken at entry \(link.sequence): \(link); fix that before moving")
        }
        // What the target's migrations seeded (the site state, default quick links, …) gives
        // way to the source's own rows. The audit trail is empty there and cannot be deleted from.
        for table in (tables + notCopied).reversed() where table.name != AuditEntry.schema {
            try await table.clear(target)
        }
        var report = Report()
        for table in tables {
            let copied = try await table.copy(source, target)
            let expected = try await table.count(source)
            let arrived = try await table.count(target)
            guard copied == expected, arrived == expected else {
                throw Problem(description: "\(table.name): \(expected) rows in the source, \(copied) copied, \(arrived) in the target")
            }
            report.tables.append((table.name, arrived))
            progress("\(table.name): \(arrived)")
        }
        switch try await AuditTrail.verify(on: target) {
        case .intact(let count): report.auditEntries = count
        case .broken(let link, _): throw Problem(description: "the audit trail arrived broken at entry \(link.sequence): \(link)")
        }
        logger.notice("moved \(report.totalRows) rows in \(report.tables.count) tables to PostgreSQL; audit trail intact (\(report.auditEntries) entries)")
        return report
    }
}

/// Collects every field of a model with its stored value.
private final class StoredValues: DatabaseInput {
    var values: [FieldKey: DatabaseQuery.Value] = [:]
    var wantsUnmodifiedKeys: Bool { true }

    func set(_ value: DatabaseQuery.Value, at key: FieldKey) {
        values[key] = value
    }
}
