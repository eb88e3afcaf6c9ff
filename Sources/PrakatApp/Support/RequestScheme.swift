import Vapor

/// Whether the person behind a request reached us over HTTPS (issue 15 §8).
///
/// Terminating TLS ourselves settles it. Behind a reverse proxy, the proxy's `X-Forwarded-Proto`
/// decides — but only from a peer in `PRAKAT_TRUSTED_PROXIES`, as with `X-Forwarded-For`, and
/// only the value the nearest proxy wrote (the last one), since anything further left may be the
/// client's own. Without such a header the scheme of `PRAKAT_PUBLIC_URL` decides, as before.
enum RequestScheme {
    static func isHTTPS(usesTLS: Bool, configuredHTTPS: Bool, peerIP: String?, forwardedProto: [String], trustedProxies: [IPAddressRange]) -> Bool {
        if usesTLS { return true }
        guard let peerIP, trustedProxies.contains(where: { $0.contains(peerIP) }),
            let nearest = forwardedProto.flatMap({ $0.split(separator: ",") }).last?.trimmingCharacters(in: .whitespaces).lowercased()
        else { return configuredHTTPS }
        switch nearest {
        case "https": return true
        case "http": return false
        default: return configuredHTTPS
        }
    }

    /// `base` with its scheme set to the request's (host and port stay the configured ones:
    /// the Host header is the client's to write).
    static func baseURL(_ base: String, https: Bool) -> String {
        let wanted = https ? "https://" : "http://"
        for scheme in ["https://", "http://"] where base.lowercased().hasPrefix(scheme) {
            return wanted + base.dropFirst(scheme.count)
        }
        return base
    }
}

extension Request {
    /// Secure/`__Host-` cookies, HSTS and absolute links follow this, per request.
    var isHTTPS: Bool {
        if let cached = storage[IsHTTPSKey.self] { return cached }
        let config = application.prakat
        let resolved = RequestScheme.isHTTPS(
            usesTLS: config.usesTLS, configuredHTTPS: config.servedOverHTTPS,
            peerIP: connectionPeer?.ipAddress, forwardedProto: headers["X-Forwarded-Proto"],
            trustedProxies: config.trustedProxies)
        storage[IsHTTPSKey.self] = resolved
        return resolved
    }

    /// The address people use, with this request's scheme: build absolute links from it.
    var publicBaseURL: String { RequestScheme.baseURL(application.prakat.publicBaseURL, https: isHTTPS) }

    private struct IsHTTPSKey: StorageKey { typealias Value = Bool }
}
