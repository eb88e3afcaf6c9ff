import Vapor

/// Which methods each registered path answers, so that a request with an undeclared method gets
/// 405 and an `Allow` header (RFC 9110 §15.5.6) instead of 404. Built once from the route table
/// at the end of `configure`, matched the way Vapor's responder matches (HEAD follows GET).
/// `@unchecked`: RoutingKit's `TrieRouter` is a class without a Sendable mark, but these are
/// filled in `init` and only read afterwards, as Vapor's own responder uses its router.
final class MethodTable: @unchecked Sendable {
    private let router = TrieRouter(Bool.self)
    private let methods: [HTTPMethod]

    init(routes: [Route]) {
        var methods: [String: HTTPMethod] = [:]
        for route in routes {
            // As Vapor does: the method is the first component, so "/" is a path too.
            let path = route.path.filter { if case .constant("") = $0 { return false } else { return true } }
            router.register(true, at: [.constant(route.method.rawValue)] + path)
            methods[route.method.rawValue] = route.method
        }
        self.methods = methods.keys.sorted().compactMap { methods[$0] }
    }

    /// The methods `path` answers; empty when no route has the path at all.
    func allowedMethods(path: String) -> [HTTPMethod] {
        let components = path.split(separator: "/").map(String.init)
        var allowed: [HTTPMethod] = []
        for method in methods {
            var parameters = Parameters()
            if router.route(path: [method.rawValue] + components, parameters: &parameters) != nil { allowed.append(method) }
        }
        if allowed.contains(.GET), !allowed.contains(.HEAD) { allowed.append(.HEAD) }
        return allowed
    }

    /// A 405 for `request` if its path exists under other methods only, else nil (a real 404).
    func methodNotAllowed(for request: Request) -> PrakatError? {
        let allowed = allowedMethods(path: request.url.path)
        guard !allowed.isEmpty, !allowed.contains(request.method) else { return nil }
        return PrakatError(
            status: .methodNotAllowed, kind: "method-not-allowed", title: SupportText.methodNotAllowedTitle,
            detail: SupportText.methodNotAllowedDetail(allowed.map(\.rawValue).joined(separator: ", ")),
            headers: ["Allow": allowed.map(\.rawValue).joined(separator: ", ")])
    }
}

struct MethodTableKey: StorageKey { typealias Value = MethodTable }

extension Application {
    var methodTable: MethodTable? {
        get { storage[MethodTableKey.self] }
        set { storage[MethodTableKey.self] = newValue }
    }
}
