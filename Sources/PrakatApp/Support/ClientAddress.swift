import Vapor

/// The address a request really came from. X-Forwarded-For is believed only when the peer is
/// a configured trusted proxy; otherwise anyone could write any address into our logs.
struct ClientAddress: Sendable, CustomStringConvertible {
    var ip: String
    var port: Int?
    /// The proxy that forwarded the request, when there was one.
    var via: String?

    var description: String { ip }

    static func resolve(peerIP: String?, peerPort: Int?, forwardedFor: [String], trustedProxies: [IPAddressRange]) -> ClientAddress {
        guard let peerIP else { return ClientAddress(ip: "-", port: nil, via: nil) }
        func trusted(_ ip: String) -> Bool { trustedProxies.contains { $0.contains(ip) } }
        guard trusted(peerIP) else { return ClientAddress(ip: peerIP, port: peerPort, via: nil) }
        // Walk from the nearest hop outwards; the first address we do not trust is the client.
        let hops = forwardedFor
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { IPAddressRange.parseAddress($0) != nil }
        for hop in hops.reversed() where !trusted(hop) {
            return ClientAddress(ip: hop, port: nil, via: peerIP)
        }
        return ClientAddress(ip: hops.first ?? peerIP, port: hops.isEmpty ? peerPort : nil, via: hops.isEmpty ? nil : peerIP)
    }
}

extension Request {
    var clientAddress: ClientAddress {
        if let cached = storage[ClientAddressKey.self] { return cached }
        let resolved = ClientAddress.resolve(
            peerIP: remoteAddress?.ipAddress,
            peerPort: remoteAddress?.port,
            forwardedFor: headers[.xForwardedFor],
            trustedProxies: application.prakat.trustedProxies
        )
        storage[ClientAddressKey.self] = resolved
        return resolved
    }

    private struct ClientAddressKey: StorageKey { typealias Value = ClientAddress }
}
