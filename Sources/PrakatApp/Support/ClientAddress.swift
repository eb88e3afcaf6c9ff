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
        // A hop we cannot read ends the walk at the last one we could vouch for, so a forged
        // entry further left never wins.
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var nearest = peerIP
        for raw in hops.reversed() {
            guard let hop = address(fromHop: raw) else { break }
            if !trusted(hop) { return ClientAddress(ip: hop, port: nil, via: peerIP) }
            nearest = hop
        }
        return ClientAddress(ip: nearest, port: nearest == peerIP ? peerPort : nil, via: nearest == peerIP ? nil : peerIP)
    }

    /// Accepts `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1` and `[2001:db8::1]:5678`.
    static func address(fromHop hop: String) -> String? {
        if IPAddressRange.parseAddress(hop) != nil { return hop }
        if hop.hasPrefix("["), let close = hop.firstIndex(of: "]") {
            let inner = String(hop[hop.index(after: hop.startIndex)..<close])
            return IPAddressRange.parseAddress(inner) != nil ? inner : nil
        }
        let parts = hop.split(separator: ":")
        if parts.count == 2, Int(parts[1]) != nil, IPAddressRange.parseAddress(String(parts[0])) != nil { return String(parts[0]) }
        return nil
    }
}

extension Request {
    var clientAddress: ClientAddress {
        if let cached = storage[ClientAddressKey.self] { return cached }
        let resolved = ClientAddress.resolve(
            peerIP: connectionPeer?.ipAddress,
            peerPort: connectionPeer?.port,
            forwardedFor: headers[.xForwardedFor],
            trustedProxies: application.prakat.trustedProxies
        )
        storage[ClientAddressKey.self] = resolved
        return resolved
    }

    private struct ClientAddressKey: StorageKey { typealias Value = ClientAddress }
}
