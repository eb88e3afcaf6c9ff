import Fluent
import Foundation
import LeafKit
import PrakatCore
import SQLKit
import Vapor

/// What every page's layout needs: agency, navigation, the signed-in person, the CSRF token,
/// the flash message and the typed links.
struct SiteContext: Encodable {
    struct NavItem: Encodable {
        var nameTh: String
        var path: String
    }

    struct UserView: Encodable {
        var username: String
        var displayName: String
        var roles: [String]
        var isAdministrator: Bool
        var isStaffMember: Bool
    }

    /// The site's fixed addresses: every instance holds the same (their template values are built
    /// once, `Links.leafData`).
    struct Links: Encodable {
        let home = PublicRoute.home.path
        let login = AccountsRoute.login().path
        let logout = AccountsRoute.logout.path
        let passwordChange = AccountsRoute.passwordChange.path
        let staffHome = PublishingRoute.desk.path
        let admin = AccountsRoute.admin.path
        let adminUnits = AccountsRoute.units.path
        let adminUsers = AccountsRoute.users.path
        let adminAudit = AccountsRoute.audit().path
        let adminTraffic = OperationsRoute.traffic.path
        let privacy = SiteRoute.privacy.path
        let accessibility = SiteRoute.accessibility.path
        let stylesheet = Link.stylesheet.path
        let loginCode = AccountsRoute.loginCode.path
        let twoFactor = AccountsRoute.twoFactor.path
        let twoFactorEnable = AccountsRoute.twoFactorEnable.path
        let twoFactorRecoveryCodes = AccountsRoute.twoFactorRecoveryCodes.path
        let twoFactorDisable = AccountsRoute.twoFactorDisable.path
        let accountSessions = AccountsRoute.sessions.path
        let adminSecurity = AccountsRoute.security.path
        let stats = VisitorsRoute.stats(nil).path
    }

    var agency: AgencyProfile
    var nav: [NavItem]
    var user: UserView?
    var csrf: String
    var flash: Flash?
    var links = Links()
    var today: String
    /// Set on pages that wear the staff shell (`StaffShell.swift`); nil on the public site.
    var staff: StaffShellView?
    var browserSupport = SiteText.browserSupport
    var pdfReaders = SiteText.pdfReaders

    /// Shown on public pages until an administrator has set the agency's Thai name.
    var setupNotice: String? = nil
    /// The footer's visitor figures (Engagement/Visitors), from memory: no query.
    var visitors: VisitorFooter? = nil
    /// The survey, carrying the page it is opened from.
    var surveyPath = SatisfactionRoute.survey(nil).path
}

struct Flash: Codable {
    enum Kind: String, Codable { case success, error, info }
    var kind: Kind
    var text: String

    static let cookieName = "prakat_flash"
}

/// A rendered page: the shared context plus the page's own view model.
struct PageView<Body: Encodable>: Encodable {
    var site: SiteContext
    var title: String
    var page: Body
}

struct EmptyBody: Encodable {}

// Every page's frame, built for Leaf directly (`LeafFields`).
extension SiteContext.NavItem: LeafDataRepresentable {
    var leafData: LeafData {
        var fields = LeafFields(capacity: 2)
        fields("nameTh", nameTh)
        fields("path", path)
        return fields.leafData
    }
}

extension SiteContext.Links: LeafDataRepresentable {
    /// Built once: the addresses are constants, the same for every page.
    private static let values = Self().fields

    var leafData: LeafData { Self.values }

    private var fields: LeafData {
        var fields = LeafFields(capacity: 21)
        fields("home", home)
        fields("login", login)
        fields("logout", logout)
        fields("passwordChange", passwordChange)
        fields("staffHome", staffHome)
        fields("admin", admin)
        fields("adminUnits", adminUnits)
        fields("adminUsers", adminUsers)
        fields("adminAudit", adminAudit)
        fields("adminTraffic", adminTraffic)
        fields("privacy", privacy)
        fields("accessibility", accessibility)
        fields("stylesheet", stylesheet)
        fields("loginCode", loginCode)
        fields("twoFactor", twoFactor)
        fields("twoFactorEnable", twoFactorEnable)
        fields("twoFactorRecoveryCodes", twoFactorRecoveryCodes)
        fields("twoFactorDisable", twoFactorDisable)
        fields("accountSessions", accountSessions)
        fields("adminSecurity", adminSecurity)
        fields("stats", stats)
        return fields.leafData
    }
}

/// What every page's frame shows, and what public pages know of the categories: the agency's
/// profile and every category in the site's order. Both change only with a change to every page
/// (`SiteChange.frame`: saving the agency or a category), so the page cache keeps one copy until
/// then (`PublicPageCache.frame`) instead of every page reading them: two or three of an
/// uncached page's five to seven statements, for anyone signed in or not.
struct SiteFrame: Sendable {
    let agency: AgencyProfile
    let categories: [ListedCategory]
    /// The menu: the top-level categories shown in the navigation, in the site's order.
    let navigation: [SiteContext.NavItem]
    /// Each category's Thai name by id, as listings show it beside an item.
    let categoryNames: [UUID: String]

    init(agency: AgencyProfile, categories: [ListedCategory]) {
        self.agency = agency
        self.categories = categories
        navigation = categories.filter { $0.parentID == nil && $0.inNavigation }.map {
            .init(nameTh: $0.nameTh, path: PublicRoute.category($0.slug).path)
        }
        categoryNames = Dictionary(categories.map { ($0.id, $0.nameTh) }, uniquingKeysWith: { first, _ in first })
    }

    /// Read both at once (on PostgreSQL, on two connections).
    static func load(on db: any Database) async throws -> SiteFrame {
        async let categories = ListedCategory.all(on: db)
        let agency = try await AgencyProfile.load(on: db)
        return SiteFrame(agency: agency, categories: try await categories)
    }
}

extension Request {
    /// The site's frame: the one the page cache keeps, else read and kept there (unless every
    /// page was dropped while it was read: it may be the old one). A frame read for this request
    /// is used for the rest of it.
    func siteFrame() async throws -> SiteFrame {
        let cache = application.pageCache
        if let frame = storage[SiteFrameKey.self] ?? cache.frame { return frame }
        let sequence = cache.sequence
        let frame = try await SiteFrame.load(on: db)
        cache.keepFrame(frame, readAt: sequence)
        storage[SiteFrameKey.self] = frame
        return frame
    }

    /// Every category, in the site's order.
    func siteCategories() async throws -> [ListedCategory] { try await siteFrame().categories }

    /// `withForm`: the page shows a form to someone not signed in (signed-in pages always
    /// carry the sign-out form).
    func siteContext(withForm: Bool = false) async -> SiteContext {
        let frame = try? await siteFrame()
        let agency = frame?.agency ?? .notConfigured
        let user = auth.get(User.self)
        var context = SiteContext(
            agency: agency,
            nav: frame?.navigation ?? [],
            user: user.map {
                .init(
                    username: $0.username, displayName: $0.displayName, roles: $0.roles.sorted().map(\.thaiName),
                    isAdministrator: $0.has(.administrator), isStaffMember: !$0.roles.isEmpty)
            },
            csrf: (withForm || user != nil) ? csrfToken : "",
            flash: storage[FormNoticeKey.self] ?? takeFlash(),
            today: ThaiDateFormat.long(clock.now(), digits: .arabic)
        )
        context.setupNotice = agency.configured ? nil : AgencyText.beingSetUpNotice
        context.visitors = VisitorFooter(application.visitors.snapshot)
        context.surveyPath = SatisfactionRoute.surveyLink(from: url.string).path
        return context
    }

    func render<Body: Encodable>(_ template: String, title: String, _ body: Body, status: HTTPResponseStatus = .ok, withForm: Bool = false) async throws -> Response {
        var site = await siteContext(withForm: withForm)
        site.staff = await staffShell(for: body)
        let context = PageView(site: site, title: title, page: body)
        let view = try await self.view.render(template, context)
        let response = try await view.encodeResponse(status: status, for: self)
        if storage[FlashTakenKey.self] == true {
            response.cookies[Flash.cookieName] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }

    /// Redirect after a successful form (Post/Redirect/Get) with a one-time message.
    func redirect(to path: String, flash: Flash) -> Response {
        let response = redirect(to: path, redirectType: .normal)
        if let data = try? JSONEncoder().encode(flash) {
            response.cookies[Flash.cookieName] = HTTPCookies.Value(
                string: data.base64EncodedString(), path: "/", isSecure: isHTTPS, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }

    private func takeFlash() -> Flash? {
        guard let raw = cookies[Flash.cookieName]?.string, !raw.isEmpty,
            let data = Data(base64Encoded: raw), let flash = try? JSONDecoder().decode(Flash.self, from: data)
        else { return nil }
        storage[FlashTakenKey.self] = true
        return flash
    }

    private struct FlashTakenKey: StorageKey { typealias Value = Bool }
    private struct SiteFrameKey: StorageKey { typealias Value = SiteFrame }
}

/// Form errors shown beside their fields, with what the person typed kept.
struct FormErrors: Encodable, Error {
    private(set) var messages: [String: String] = [:]
    var isEmpty: Bool { messages.isEmpty }
    var list: [String] { messages.sorted { $0.key < $1.key }.map(\.value) }

    mutating func add(_ field: String, _ message: String) {
        if messages[field] == nil { messages[field] = message }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(messages)
    }

    var fieldErrors: [Problem.FieldError] {
        messages.sorted { $0.key < $1.key }.map { Problem.FieldError(field: $0.key, message: $0.value) }
    }
}

/// `#text(x)` in a template: `x` escaped exactly as `#(x)` escapes it, by `HTMLEscaping`'s byte
/// scan. LeafKit's own escaping rebuilds every value scalar by scalar, which was 6 % of a search
/// page's CPU, mostly Thai titles and excerpts holding nothing to escape; listings use this tag
/// for those. A value that is not text (a list, a dictionary) prints nothing rather than
/// anything unescaped.
struct EscapedTextTag: UnsafeUnescapedLeafTag, Sendable {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard ctx.parameters.count == 1 else { throw LeafError(.unknownError("#text takes one value")) }
        let value = ctx.parameters[0]
        guard !value.isNil, !value.isCollection, let text = value.string else { return .string("") }
        return .string(HTMLEscaping.escape(text))
    }
}
