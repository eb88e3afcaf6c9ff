import Fluent
import Foundation
import PrakatCore
import Vapor

/// The currency desk page, its buttons, and the "reviewed" stamp of the JSON API.
struct CurrencyPages {
    static func register(_ routes: any RoutesBuilder) {
        let pages = CurrencyPages()
        routes.register(CurrencyRoute.self) { req, route in
            switch route {
            case .desk: try await pages.desk(req)
            case .reviewed(let id): try await pages.reviewed(req, id: id)
            case .recheck(let id): try await pages.recheck(req, id: id)
            case .recheckAll: try await pages.recheckAll(req)
            }
        }
        routes.register(CurrencyAPIRoute.self) { req, route in
            switch route {
            case .reviewed(let id): try await pages.apiReviewed(req, id: id)
            }
        }
    }

    // MARK: The desk

    func desk(_ req: Request) async throws -> Response {
        let now = req.clock.now()
        let categories = try await SiteCategory.query(on: req.db).all()
        let names = Dictionary(categories.compactMap { category in category.id.map { ($0, category.nameTh) } }) { first, _ in first }
        let ending = try await CurrencyDesk.ending(on: req.db, now: now)
        let stale = try await CurrencyDesk.stale(on: req.db, now: now)
        let broken = try await CurrencyDesk.brokenLinks(on: req.db).sort(\.$consecutiveFailures, .descending).sort(\.$url).limit(CurrencyDesk.listLimit).all()
        let brokenTotal = try await CurrencyDesk.brokenLinks(on: req.db).count()
        let linkItems = try await Publication.query(on: req.db).filter(\.$id ~~ Array(Set(broken.map(\.publicationID)))).all()
        let checked = try await LinkCheck.query(on: req.db).filter(\.$checkedAt != nil).count()
        let waiting = try await LinkCheck.query(on: req.db).filter(\.$nextCheckAt <= now).count()
        let facts = try await CurrencyDesk.completenessFacts(on: req.db, now: now, agency: await req.agencyProfile())
        let body = CurrencyDeskBody(
            now: now, names: names, ending: ending, stale: stale, broken: broken, brokenTotal: brokenTotal,
            linkItems: Dictionary(linkItems.compactMap { item in item.id.map { ($0, item) } }) { first, _ in first },
            linkSummary: CurrencyText.linkSummary(checked: checked, waiting: waiting), report: SiteCompleteness.evaluate(facts),
            categoriesBySlug: Dictionary(categories.map { ($0.slug, $0.nameTh) }) { first, _ in first })
        return try await req.render("Compliance/Currency/desk", title: CurrencyText.title, body, withForm: true)
    }

    // MARK: Buttons

    func reviewed(_ req: Request, id: UUID) async throws -> Response {
        switch try await req.currency.markReviewed(id, by: req.auth.get(User.self), actor: req.auditActor) {
        case .reviewed: return req.redirect(to: CurrencyRoute.desk, flash: Flash(kind: .success, text: CurrencyText.reviewed))
        case .notPublic: return req.redirect(to: CurrencyRoute.desk, flash: Flash(kind: .error, text: CurrencyText.notPublic))
        case .notFound: throw PrakatError.notFound()
        }
    }

    func recheck(_ req: Request, id: UUID) async throws -> Response {
        guard try await req.currency.requestCheck(id, actor: req.auditActor) else { throw PrakatError.notFound() }
        return req.redirect(to: CurrencyRoute.desk, flash: Flash(kind: .success, text: CurrencyText.checkQueued))
    }

    func recheckAll(_ req: Request) async throws -> Response {
        _ = try await req.currency.requestAllChecks(actor: req.auditActor)
        return req.redirect(to: CurrencyRoute.desk, flash: Flash(kind: .success, text: CurrencyText.checkQueued))
    }

    // MARK: API

    func apiReviewed(_ req: Request, id: UUID) async throws -> Response {
        switch try await req.currency.markReviewed(id, by: req.auth.get(User.self), actor: req.auditActor) {
        case .reviewed: return Response(status: .noContent)
        case .notPublic: throw PrakatError(status: .conflict, kind: "conflict", title: SupportText.conflictTitle, detail: CurrencyText.notPublic)
        case .notFound: throw PrakatError.notFound()
        }
    }
}

/// What `Compliance/Currency/desk` shows.
struct CurrencyDeskBody: Encodable {
    struct ItemRow: Encodable {
        var number: Int
        var title: String
        var category: String
        /// The end (ending lists) or the last publication or review (stale list), Thai Buddhist-Era date.
        var date: String
        var note: String
        var staffPath: String
        var publicPath: String
        var reviewPath: String?
    }

    struct EndingGroup: Encodable {
        var id: String
        var heading: String
        var rows: [ItemRow]
        var count: Int

        init(id: String, heading: String, rows: [ItemRow]) {
            self.id = id
            self.heading = heading
            self.rows = rows
            count = rows.count
        }
    }

    struct LinkRow: Encodable {
        var url: String
        var title: String
        var number: Int?
        var staffPath: String?
        var publicPath: String?
        var problem: String
        var failures: String
        var checkedAt: String
        var recheckPath: String
    }

    struct Action: Encodable {
        var label: String
        var path: String
    }

    struct FindingRow: Encodable {
        var citation: String
        var name: String
        var status: String
        /// `present`, `missing` or `not_found`: the row's style.
        var state: String
        var todo: [String]
        var actions: [Action]
    }

    struct FindingGroup: Encodable {
        var heading: String
        var summary: String
        var rows: [FindingRow]
    }

    var intro = CurrencyText.intro
    var endingHeading = CurrencyText.endingHeading
    var endingIntro = CurrencyText.endingIntro
    var ending: [EndingGroup]
    var noneEnding = CurrencyText.noneEnding
    var staleHeading = CurrencyText.staleHeading
    var staleIntro = CurrencyText.staleIntro
    var stale: [ItemRow]
    var staleTotal: Int
    var noneStale = CurrencyText.noneStale
    var reviewedButton = CurrencyText.reviewedButton
    var linksHeading = CurrencyText.linksHeading
    var linksIntro = CurrencyText.linksIntro
    var linkSummary: String
    var links: [LinkRow]
    var brokenTotal: Int
    var noneBroken = CurrencyText.noneBroken
    var checkNowButton = CurrencyText.checkNowButton
    var checkAllButton = CurrencyText.checkAllButton
    var recheckAllPath = CurrencyRoute.recheckAll.path
    var completenessHeading = CurrencyText.completenessHeading
    var completenessIntro = CurrencyText.completenessIntro
    var completeness: [FindingGroup]
    var labels = Labels()

    struct Labels: Encodable {
        var item = CurrencyText.columnItem
        var category = CurrencyText.columnCategory
        var ends = CurrencyText.columnEnds
        var lastTouched = CurrencyText.columnLastTouched
        var overdue = CurrencyText.columnOverdue
        var link = CurrencyText.columnLink
        var problem = CurrencyText.columnProblem
        var checkedAt = CurrencyText.columnCheckedAt
        var requirement = CurrencyText.columnRequirement
        var status = CurrencyText.columnStatus
        var todo = CurrencyText.columnTodo
        var publicPage = CurrencyText.publicPage
        var staffPage = CurrencyText.staffPage
        var fixLink = CurrencyText.fixLink
    }
}

extension CurrencyDeskBody {
    init(
        now: Date, names: [UUID: String], ending: [Publication], stale: [CurrencyDesk.Stale], broken: [LinkCheck], brokenTotal: Int,
        linkItems: [UUID: Publication], linkSummary: String, report: [SiteCompleteness.Group: [SiteCompleteness.Finding]], categoriesBySlug: [String: String]
    ) {
        func row(_ publication: Publication, date: Date, note: String, reviewable: Bool) -> ItemRow {
            ItemRow(
                number: publication.number, title: publication.title, category: names[publication.categoryID] ?? "", date: ThaiDateFormat.short(date, digits: .arabic),
                note: note, staffPath: PublishingRoute.request(publication.currentRequestID).path, publicPath: PublicRoute.item(publication.number).path,
                reviewPath: reviewable ? publication.id.map { CurrencyRoute.reviewed($0).path } : nil)
        }
        self.ending = CurrencyRules.EndingWindow.allCases.map { window in
            EndingGroup(
                id: "ending-\(window.rawValue)", heading: CurrencyText.endingWithin(window),
                rows: ending.compactMap { publication in
                    guard let end = publication.expireAt, CurrencyRules.window(expireAt: end, now: now) == window else { return nil }
                    return row(publication, date: end, note: "", reviewable: false)
                })
        }
        self.stale = stale.prefix(CurrencyDesk.listLimit).map {
            row($0.publication, date: $0.lastTouched, note: CurrencyText.overdue($0.overdueDays) + " · " + CurrencyText.reviewEvery($0.intervalDays), reviewable: true)
        }
        staleTotal = stale.count
        self.linkSummary = linkSummary
        self.brokenTotal = brokenTotal
        links = broken.compactMap { link in
            guard let id = link.id else { return nil }
            let item = linkItems[link.publicationID]
            return LinkRow(
                url: link.url, title: item?.title ?? "", number: item?.number, staffPath: item.map { PublishingRoute.request($0.currentRequestID).path },
                publicPath: item.map { PublicRoute.item($0.number).path }, problem: link.result?.thaiDescription ?? "",
                failures: CurrencyText.failures(link.consecutiveFailures), checkedAt: link.checkedAt.map { ThaiDateFormat.short($0, digits: .arabic, showsTime: true) } ?? "",
                recheckPath: CurrencyRoute.recheck(id).path)
        }
        completeness = SiteCompleteness.Group.allCases.map { group in
            let findings = report[group] ?? []
            return FindingGroup(
                heading: group.thaiName,
                summary: CurrencyText.completenessSummary(present: findings.filter { $0.status == .present }.count, total: findings.count),
                rows: findings.map { Self.findingRow($0, categoriesBySlug: categoriesBySlug) })
        }
    }

    static func findingRow(_ finding: SiteCompleteness.Finding, categoriesBySlug: [String: String]) -> FindingRow {
        let requirement = finding.requirement
        var todo: [String] = []
        var actions: [Action] = []
        func names(_ slugs: [String]) -> String { slugs.map { categoriesBySlug[$0].map { "“\($0)”" } ?? $0 }.joined(separator: " หรือ ") }
        if finding.status != .present {
            if !finding.addTo.isEmpty {
                let line = CurrencyText.addTo(names(finding.addTo))
                todo.append(finding.status == .notFound ? CurrencyText.ifAnyHint(line) : line)
                actions.append(Action(label: CurrencyText.newRequestLink, path: PublishingRoute.requestNew.path))
            }
            if !finding.createFirst.isEmpty {
                todo.append(CurrencyText.createFirst(finding.createFirst.joined(separator: ", ")))
                actions.append(Action(label: CurrencyText.categoriesLink, path: PublishingRoute.categories.path))
            }
            if requirement.evidence.contains(.eServices) { todo.append(CurrencyText.eServiceHint) }
            if !finding.missingContacts.isEmpty {
                todo.append(CurrencyText.contactsMissing(finding.missingContacts.map(\.thaiName).joined(separator: ", ")))
                actions.append(Action(label: CurrencyText.agencyLink, path: AgencyRoute.setup.path))
            }
        } else if requirement.evidence == [.builtIn] {
            todo.append(CurrencyText.builtIn)
        }
        let status: String =
            switch finding.status {
            case .present: CurrencyText.present
            case .missing: CurrencyText.missing
            case .notFound: CurrencyText.notFoundIfAny
            }
        return FindingRow(citation: requirement.citation, name: requirement.nameTh, status: status, state: finding.status.rawValue, todo: todo, actions: actions)
    }
}
