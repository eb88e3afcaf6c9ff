import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import PrakatCore
import Vapor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One answer to one request, redirects not followed.
enum LinkFetchOutcome: Sendable, Equatable {
    case response(status: Int, location: String?)
    case failed(LinkCheckRules.Failure)
}

/// Sends one request for a link. Behind a protocol so tests answer without a network.
protocol LinkFetching: Sendable {
    func fetch(_ url: URL, method: HTTPMethod, timeout: TimeInterval) async -> LinkFetchOutcome
}

/// The addresses a host name resolves to (4 or 16 bytes each); empty when it does not resolve.
protocol HostResolving: Sendable {
    func addresses(of host: String) async throws -> [[UInt8]]
}

/// Requests through AsyncHTTPClient with redirects turned off (the checker follows them itself,
/// so every hop is checked against private addresses and spaced per host). The answer's body is
/// never read: dropping it ends the request.
struct HTTPLinkFetcher: LinkFetching {
    let client: HTTPClient

    /// A client for the checker: no redirects, no decompression, short connect timeout.
    static func makeClient(on group: any EventLoopGroup) -> HTTPClient {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(Int64(LinkCheckRules.timeout))))
        configuration.httpVersion = .http1Only
        return HTTPClient(eventLoopGroupProvider: .shared(group), configuration: configuration)
    }

    func fetch(_ url: URL, method: HTTPMethod, timeout: TimeInterval) async -> LinkFetchOutcome {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        request.headers.add(name: "User-Agent", value: "Prakat-LinkCheck/1.0")
        request.headers.add(name: "Accept", value: "*/*")
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout * 1_000_000_000)))
            return .response(status: Int(response.status.code), location: response.headers.first(name: "Location"))
        } catch {
            return .failed(Self.failure(for: error))
        }
    }

    static func failure(for error: any Error) -> LinkCheckRules.Failure {
        if let error = error as? HTTPClientError {
            if [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(error) { return .timeout }
            if [.invalidURL, .emptyHost, .emptyScheme].contains(error) { return .invalidURL }
        }
        if let error = error as? ChannelError, case .connectTimeout = error { return .timeout }
        if let error = error as? NIOConnectionError, error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
            return .hostNotFound
        }
        if error is SocketAddressError { return .hostNotFound }
        if String(reflecting: type(of: error)).contains("SSL") { return .tls }
        return .connectionFailed
    }
}

/// The system resolver (`getaddrinfo`) on NIO's thread pool, so no event loop blocks.
struct SystemHostResolver: HostResolving {
    func addresses(of host: String) async throws -> [[UInt8]] {
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return try await NIOThreadPool.singleton.runIfActive { Self.lookup(name) }
    }

    static func lookup(_ host: String) -> [[UInt8]] {
        var hints = addrinfo()
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [[UInt8]] = []
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let info = next {
            if let address = info.pointee.ai_addr {
                switch info.pointee.ai_family {
                case AF_INET:
                    address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in withUnsafeBytes(of: v4.pointee.sin_addr) { addresses.append(Array($0)) } }
                case AF_INET6:
                    address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in withUnsafeBytes(of: v6.pointee.sin6_addr) { addresses.append(Array($0)) } }
                default: break
                }
            }
            next = info.pointee.ai_next
        }
        return addresses
    }
}

/// When each host was last asked: the checker waits its turn so no host gets more than one
/// request per `LinkCheckRules.hostSpacing`. Lives as long as the job (across its runs).
actor LinkCheckHostGate {
    private var slots: [String: Date] = [:]

    /// Reserves the host's next slot at or after `now`; answers how long to wait for it.
    func reserve(_ host: String, now: Date) -> TimeInterval {
        let wait = LinkCheckRules.wait(sinceLastRequest: slots[host], now: now)
        slots[host] = now.addingTimeInterval(wait)
        return wait
    }
}

/// Checks one link: the address guard, HEAD then GET, redirects followed by hand.
struct LinkChecker: Sendable {
    let fetcher: any LinkFetching
    let resolver: any HostResolving
    let gate: LinkCheckHostGate
    let clock: any PrakatClock
    /// Waits the given seconds (production: `Task.sleep`; tests move a FixedClock instead).
    let pause: @Sendable (TimeInterval) async -> Void
    /// Only a test sets this, to check against a server on this machine.
    var allowsPrivateAddresses = false
    var timeout: TimeInterval = LinkCheckRules.timeout

    func check(_ text: String) async -> LinkCheckRules.Result {
        guard let url = LinkCheckRules.checkable(text) else { return .failed(.invalidURL) }
        let head = await follow(url, method: .HEAD)
        if let status = head.statusCode, LinkCheckRules.retriesWithGET(afterHEAD: status) { return await follow(url, method: .GET) }
        return head
    }

    private func follow(_ start: URL, method: HTTPMethod) async -> LinkCheckRules.Result {
        var url = start
        for _ in 0...LinkCheckRules.maxRedirects {
            if let refusal = await refusal(url) { return .failed(refusal) }
            let host = LinkCheckRules.hostKey(url)
            let wait = await gate.reserve(host, now: clock.now())
            if wait > 0 { await pause(wait) }
            switch await fetcher.fetch(url, method: method, timeout: timeout) {
            case .failed(let failure): return .failed(failure)
            case .response(let status, let location):
                guard (300...399).contains(status), status != 304 else { return .status(status) }
                guard let location, let next = URL(string: location, relativeTo: url)?.absoluteURL, let checked = LinkCheckRules.checkable(next.absoluteString)
                else { return .failed(.badRedirect) }
                url = checked
            }
        }
        return .failed(.tooManyRedirects)
    }

    /// Why `url` may not be fetched from the server, if it may not.
    private func refusal(_ url: URL) async -> LinkCheckRules.Failure? {
        guard !allowsPrivateAddresses else { return nil }
        let host = LinkCheckRules.hostKey(url)
        guard let addresses = try? await resolver.addresses(of: host), !addresses.isEmpty else { return .hostNotFound }
        return addresses.contains(where: LinkCheckRules.isRefusedAddress) ? .refusedAddress : nil
    }
}
