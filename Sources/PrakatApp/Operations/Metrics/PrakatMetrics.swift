import Foundation
import NIOConcurrencyHelpers
import Prometheus
import Vapor

/// The Prometheus metrics of one application, served at `GET /metrics` (docs/operations.md
/// "Metrics"). One registry per application, never the global MetricsSystem: tests start many
/// applications in one process, and bootstrapping that twice traps.
final class PrakatMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    /// Wall-clock seconds since 1970, replaceable in tests.
    let now: @Sendable () -> Double

    /// Route patterns are few, but `request(route:…)` takes any string: past this many series
    /// new routes are counted under `other`, so a caller's mistake cannot grow memory forever.
    static let maxRequestSeries = 2000
    static let latencyBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    static let unmatchedRoute = "unmatched"

    private struct SeriesKey: Hashable {
        var route: String
        var method: String
        var statusClass: UInt
    }

    private struct RequestSeries {
        var count: Counter
        var latency: ValueHistogram
    }

    private struct JobState {
        var registeredAt: Double
        var lastSuccess: Double?
        var sinceSuccess: Gauge
        var lastDuration: Gauge
        var succeeded: Counter
        var failed: Counter
    }

    private let requestSeries = NIOLockedValueBox([SeriesKey: RequestSeries]())
    private let routeLabels = NIOLockedValueBox([ObjectIdentifier: String]())
    private let jobs = NIOLockedValueBox([String: JobState]())
    private let cacheHits: Counter
    private let cacheMisses: Counter
    let mailWaiting: Gauge
    let mailOldestAge: Gauge
    let databaseAcquire: ValueHistogram
    let databaseLastAcquire: Gauge
    let databasePoolSize: Gauge

    init(now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.now = now
        func name(_ subsystem: String, _ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "prakat", subsystem: subsystem, metricName: metric, unitName: unit, helpText: help)
        }
        let cache = name("page_cache", "lookups", "total", "Public page cache lookups by result (hit ratio = hit / (hit + miss)).")
        cacheHits = registry.makeCounter(descriptor: cache, labels: [("result", "hit")])
        cacheMisses = registry.makeCounter(descriptor: cache, labels: [("result", "miss")])
        mailWaiting = registry.makeGauge(descriptor: name("mail_queue", "waiting", "messages", "Queued mail neither sent nor given up."))
        mailOldestAge = registry.makeGauge(descriptor: name("mail_queue", "oldest_age", "seconds", "Age of the oldest waiting mail (0 when none waits)."))
        databaseAcquire = registry.makeValueHistogram(
            descriptor: name("db", "connection_acquire", "seconds", "Time to get a database connection from the pool, sampled once per scrape."),
            buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30])
        databaseLastAcquire = registry.makeGauge(descriptor: name("db", "connection_acquire_last", "seconds", "The latest scrape's connection wait."))
        databasePoolSize = registry.makeGauge(
            descriptor: name("db", "pool", "connections", "Configured connections: per event loop times event loops (SQLite writers also queue on one write gate)."))
    }

    // MARK: Requests

    /// One answered request. `route` is the route's pattern (`/p/:number`), never the raw path.
    func request(route: String, method: String, status: UInt, seconds: Double) {
        let key = SeriesKey(route: route, method: Self.knownMethods.contains(method) ? method : "other", statusClass: min(max(status / 100, 1), 5))
        let series = requestSeries.withLockedValue { table -> RequestSeries in
            if let found = table[key] { return found }
            var label = key
            if table.count >= Self.maxRequestSeries {
                label.route = "other"
                if let found = table[label] { return found }
            }
            let made = RequestSeries(
                count: registry.makeCounter(
                    descriptor: MetricNameDescriptor(
                        namespace: "prakat", subsystem: "http", metricName: "requests", unitName: "total",
                        helpText: "Answered requests by route pattern, method and status class."),
                    labels: [("route", label.route), ("method", label.method), ("status", "\(label.statusClass)xx")]),
                latency: registry.makeValueHistogram(
                    descriptor: MetricNameDescriptor(
                        namespace: "prakat", subsystem: "http", metricName: "request_duration", unitName: "seconds",
                        helpText: "Time from the request's arrival at the first middleware to its answer."),
                    labels: [("route", label.route), ("method", label.method)], buckets: Self.latencyBuckets))
            // Past the limit only the shared `other` series is stored, so the table stops growing.
            table[label] = made
            return made
        }
        series.count.increment()
        series.latency.record(max(0, seconds))
    }

    /// The pattern of the route a request matched, made once per route (routes live as long as
    /// the application); `unmatched` for 404s, static files and methods a path does not have.
    func routeLabel(_ route: Route?) -> String {
        guard let route else { return Self.unmatchedRoute }
        let id = ObjectIdentifier(route)
        return routeLabels.withLockedValue { labels in
            if let label = labels[id] { return label }
            let label = "/" + route.path.map(\.description).joined(separator: "/")
            labels[id] = label
            return label
        }
    }

    // MARK: Page cache

    func pageCache(hit: Bool) {
        (hit ? cacheHits : cacheMisses).increment()
    }

    // MARK: Background jobs

    /// Makes the job's series, so a job that never succeeded shows its lag from the start.
    func register(job: String) {
        let at = now()
        jobs.withLockedValue { table in
            guard table[job] == nil else { return }
            func descriptor(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
                MetricNameDescriptor(namespace: "prakat", subsystem: "job", metricName: metric, unitName: unit, helpText: help)
            }
            let runs = descriptor("runs", "total", "Background job runs by outcome.")
            table[job] = JobState(
                registeredAt: at, lastSuccess: nil,
                sinceSuccess: registry.makeGauge(
                    descriptor: descriptor("since_success", "seconds", "Seconds since the job last succeeded (since the server started, if never)."),
                    labels: [("job", job)]),
                lastDuration: registry.makeGauge(descriptor: descriptor("last_duration", "seconds", "How long the job's latest run took."), labels: [("job", job)]),
                succeeded: registry.makeCounter(descriptor: runs, labels: [("job", job), ("outcome", "success")]),
                failed: registry.makeCounter(descriptor: runs, labels: [("job", job), ("outcome", "failure")]))
        }
    }

    /// Times one run of a job and records its outcome; the job's own error goes on to its caller.
    func track<T>(job: String, _ body: () async throws -> T) async throws -> T {
        register(job: job)
        let started = ContinuousClock.now
        do {
            let result = try await body()
            finished(job: job, seconds: (ContinuousClock.now - started).seconds, succeeded: true)
            return result
        } catch {
            finished(job: job, seconds: (ContinuousClock.now - started).seconds, succeeded: false)
            throw error
        }
    }

    func finished(job: String, seconds: Double, succeeded: Bool) {
        let at = now()
        jobs.withLockedValue { table in
            guard var state = table[job] else { return }
            state.lastDuration.set(seconds)
            if succeeded {
                state.lastSuccess = at
                state.succeeded.increment()
            } else {
                state.failed.increment()
            }
            table[job] = state
        }
    }

    /// Brings the "seconds since" gauges up to now (at each scrape).
    func updateJobLag() {
        let at = now()
        jobs.withLockedValue { table in
            for state in table.values { state.sinceSuccess.set(max(0, at - (state.lastSuccess ?? state.registeredAt))) }
        }
    }

    /// The Prometheus text exposition of everything.
    func text() -> [UInt8] {
        updateJobLag()
        return registry.emitToBuffer()
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
