import Foundation

/// Addresses that are not routes (static files) and the open-redirect check. Routes print
/// their own links: see `TypedRoute`.
enum Link: Hashable {
    case stylesheet

    var path: String {
        switch self {
        case .stylesheet: "/css/prakat.css"
        }
    }

    /// Only local absolute paths may be used after sign-in; anything else could send a person
    /// to another site (open redirect).
    /// Browsers drop tabs and newlines and read `\` as `/`, so `/<TAB>/evil.example` would
    /// leave the site: any control character or backslash is refused outright.
    static func isSafeRedirect(_ target: String) -> Bool {
        guard target.hasPrefix("/"), !target.hasPrefix("//"), target.count <= 2000 else { return false }
        if target.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }) { return false }
        guard let components = URLComponents(string: target), components.scheme == nil, components.host == nil else { return false }
        return true
    }
}

extension CharacterSet {
    static let urlQueryValueAllowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.remove(charactersIn: "&=+?#")
        return set
    }()
}
