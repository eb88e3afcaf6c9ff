import Foundation
import PrakatCore
import Vapor

/// One piece of a route's path: fixed text, or a parameter with its name (the router's and the
/// OpenAPI document's) and the value printed into a link.
enum RouteSegment: Hashable, Sendable {
    case constant(String)
    case parameter(String, String)
}

/// A feature's routes as one enum: each case is one route, and one value of it is one address.
///
/// The enum is the only place a feature's paths are written. It registers each route (method,
/// path, access policy), prints every link and redirect (`path`), and turns the parameters the
/// router matched back into typed values (`parse`), so handlers never read
/// `req.parameters` by name. `RouteTableTests` walks `examples`: printed → matched by the router →
/// parsed back to the same case.
protocol TypedRoute: Hashable, Sendable {
    /// One value of every case, with example parameters: what is registered and tested.
    static var examples: [Self] { get }
    var method: HTTPMethod { get }
    var segments: [RouteSegment] { get }
    var policy: AccessPolicy { get }
    /// Rebuilds the case `template` stands for from the parameters the router matched;
    /// nil when a parameter is not a value of its type (the route then answers 404).
    static func parse(_ template: Self, _ parameters: RouteParameters) -> Self?
    /// Extra registration options; most routes have none.
    var options: RouteOptions { get }
    /// Query items printed after the path (`/login?next=…`); most routes have none.
    var query: [URLQueryItem] { get }
}

/// What a few routes need besides method, path and policy.
struct RouteOptions: Sendable {
    var allowsPendingPasswordChange = false
    var allowsPendingTwoFactor = false
    var body: HTTPBodyStreamStrategy = .collect
    /// A form post whose typed text comes back when its token or session expired: the
    /// feature's `refill` renders the form again (see `FormRefill`).
    var keepsTypedText = false
    /// A form that takes up to this many files at once: its body may hold them all at their
    /// largest (`Request.bodyLimit`), so a file over the limit gets the form's own message with
    /// what was typed, not a bare 413 before the handler runs. Such a route collects its body
    /// itself (`body` is not used).
    var filesPerPost: Int? = nil

    static let none = RouteOptions()
}

extension TypedRoute {
    var options: RouteOptions { .none }
    var query: [URLQueryItem] { [] }

    /// The address of this value, percent-encoded, e.g. `/admin/units/3f…` or `/login?next=%2Fstaff`.
    var path: String {
        let path =
            "/"
            + segments.compactMap { segment -> String? in
                switch segment {
                case .constant(let text): text.isEmpty ? nil : text
                case .parameter(_, let value): value.addingPercentEncoding(withAllowedCharacters: .urlPathSegmentAllowed) ?? value
                }
            }.joined(separator: "/")
        let items = query.compactMap { item in
            item.value.map { "\(item.name)=\($0.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? "")" }
        }
        return items.isEmpty ? path : path + "?" + items.joined(separator: "&")
    }

    /// The router's pattern: constants and `:name` parameters.
    var pattern: [PathComponent] {
        segments.compactMap { segment in
            switch segment {
            case .constant(let text): text.isEmpty ? nil : .constant(text)
            case .parameter(let name, _): .parameter(name)
            }
        }
    }

    /// `GET /admin/units/:unitID`, for logs and test messages.
    var patternDescription: String {
        "\(method.rawValue) /" + pattern.map(\.description).joined(separator: "/")
    }
}

/// The parameters the router matched for one request (and its query), read by type.
struct RouteParameters {
    let values: Parameters
    var queryItems: [URLQueryItem] = []

    init(values: Parameters, query: String? = nil) {
        self.values = values
        queryItems = query.flatMap { URLComponents(string: "?" + $0)?.queryItems } ?? []
    }

    func string(_ name: String) -> String? { values.get(name) }

    func queryValue(_ name: String) -> String? { queryItems.first { $0.name == name }?.value }

    /// Ids are printed lowercase; any case parses.
    func uuid(_ name: String) -> UUID? { values.get(name).flatMap(UUID.init(uuidString:)) }

    func int(_ name: String, in range: ClosedRange<Int>) -> Int? {
        values.get(name).flatMap { Int($0) }.flatMap { range.contains($0) ? $0 : nil }
    }

    func fiscalYear(_ name: String) -> FiscalYear? {
        int(name, in: FiscalYear.inputBEYears).flatMap(FiscalYear.init(validatingBEYear:))
    }
}

extension CharacterSet {
    /// What may stand unencoded in one path segment (no `/`).
    static let urlPathSegmentAllowed: CharacterSet = {
        var set = CharacterSet.urlPathAllowed
        set.remove(charactersIn: "/;?#")
        return set
    }()
}

extension RoutesBuilder {
    /// Registers every case of `Route` with its method, path and policy; `handle` is one
    /// exhaustive switch, so a case without a handler does not compile.
    func register<Route: TypedRoute>(
        _ type: Route.Type,
        refill: (@Sendable (Request, Route) async throws -> Response)? = nil,
        handle: @escaping @Sendable (Request, Route) async throws -> any AsyncResponseEncodable
    ) {
        var seen = Set<String>()
        for template in Route.examples {
            // Several example values of one case share a pattern; register it once.
            guard seen.insert(template.patternDescription).inserted else { continue }
            let options = template.options
            // A route taking several files collects its own body, up to its own limit
            // (`Request.bodyLimit`): Vapor's collector knows only the default.
            let collectsItself = options.filesPerPost != nil
            let registered = on(
                template.method, template.pattern, policy: template.policy,
                allowsPendingPasswordChange: options.allowsPendingPasswordChange,
                allowsPendingTwoFactor: options.allowsPendingTwoFactor, body: collectsItself ? .stream : options.body
            ) { request async throws -> Response in
                if collectsItself, request.body.data == nil { _ = try await request.body.collect(max: request.bodyLimit).get() }
                guard let route = Route.parse(template, RouteParameters(values: request.parameters, query: request.url.query)) else { throw PrakatError.notFound() }
                return try await handle(request, route).encodeResponse(for: request)
            }
            if let files = options.filesPerPost { registered.userInfo[BodyLimit.filesPerPostKey] = files }
            if options.keepsTypedText, let refill {
                registered.keepsTypedText { request in
                    guard let route = Route.parse(template, RouteParameters(values: request.parameters, query: request.url.query)) else { throw PrakatError.notFound() }
                    return try await refill(request, route)
                }
            }
        }
    }
}

extension RoutesBuilder {
    /// `on(_:_:policy:)` with the path as an array (the typed routes build it).
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod,
        _ path: [PathComponent],
        policy: AccessPolicy,
        allowsPendingPasswordChange: Bool,
        allowsPendingTwoFactor: Bool,
        body: HTTPBodyStreamStrategy,
        use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        let route = on(method, path, body: body, use: closure)
        route.userInfo[AccessPolicy.userInfoKey] = policy
        route.userInfo[AccessPolicy.passwordChangeKey] = allowsPendingPasswordChange
        route.userInfo[AccessPolicy.twoFactorEnrolmentKey] = allowsPendingTwoFactor
        return route
    }
}

extension Request {
    /// A redirect to a typed route (303 after a form post, as every Prakat redirect).
    func redirect<Route: TypedRoute>(to route: Route, flash: Flash? = nil) -> Response {
        guard let flash else { return redirect(to: route.path, redirectType: .normal) }
        return redirect(to: route.path, flash: flash)
    }
}
