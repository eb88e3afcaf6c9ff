import Foundation
import PrakatCore
import Vapor

/// Every shared service of one application, built once by `configure` before the first request.
///
/// Nothing here is made on first use: two requests racing to create, say, the write gate could
/// each get their own, and `Application.storage` is not safe to write while requests read it.
/// Tests replace any part through `configure(_:configuration:clock:adjusting:)` (a frozen clock,
/// a renderer without chromium) so that everything built from it sees the replacement.
struct AppDependencies: Sendable {
    var clock: any PrakatClock
    /// Records who did what, in the caller's write transaction.
    var audit: AuditTrail
    /// Serialises SQLite writers (`DatabaseWriter`).
    var writeGate: WriteGate
    /// The public content's version, which the page cache checks.
    var siteVersion: SiteVersion
    var pageCache: PublicPageCache
    /// This instance's buckets, always counted.
    var rateLimits: RateLimits
    /// The database's buckets, on PostgreSQL only.
    var sharedRateLimits: SharedRateLimits?
    var pdfRenderer: PDFRenderer
    var pdfCache: PDFCache
    /// Public PDFs to make ahead of time (`PublicPDFQueue`).
    var publicPDFs = PublicPDFQueue()
    var qrCodes: QRCodeRenderer
    /// Makes the smaller copies of uploaded photos; without a program, none are made.
    var thumbnailer: Thumbnailer
    var trafficLog: TrafficLog
    var clockSyncProbe: any ClockSyncProbe
    /// Seals and opens two-factor secrets; `rotate-2fa-key` replaces its keys.
    let twoFactorKeyring: TwoFactorKeyring
    /// A hash of nothing in particular, verified when the username is unknown so that a wrong
    /// name takes as long as a wrong password.
    var decoyPasswordHash: String
    /// Notices on `/staff` and queued mail (Notifications).
    var notifier: Notifier
    /// Sends queued mail; tests give it a short timeout or a sink of their own.
    var mailSender: SMTPClient
    /// Visitor counts waiting to be flushed, and the footer's figures (Engagement/Visitors).
    var visitors: VisitorCounter
    /// This process as the holder of background-job leases (`JobLeases`).
    var leaseHolder = UUID()
    /// The static files and their fingerprinted addresses, read once at start.
    var assets = StaticAssets()
    /// Prometheus counters and gauges behind `GET /metrics` (Operations/Metrics).
    var metrics: PrakatMetrics
    /// What Vapor's responder is answering, which shutdown waits for (`StopServingFirst`).
    var requestsInFlight = RequestsInFlight()

    /// Why the two-factor key could not be read, when `make` was told to go on without it.
    var twoFactorKeyProblem: String?

    /// The production set for `config`. `withoutTwoFactorKey`: a key file that cannot be used
    /// (readable by others, not a key) does not stop the start, and the keyring is a throwaway
    /// one (`prakat doctor`, which must list that problem among the others, not stop at it).
    static func make(_ config: PrakatConfiguration, clock: any PrakatClock, withoutTwoFactorKey: Bool = false) throws -> AppDependencies {
        let keys: SecretKeyring
        var keyProblem: String?
        do {
            keys = try TwoFactorKeys.load(config)
        } catch let problem as TwoFactorKeys.Problem {
            guard withoutTwoFactorKey else { throw PrakatConfiguration.Problem(variable: "PRAKAT_2FA_KEY / <data>/2fa.key", message: problem.description) }
            keys = SecretKeyring(current: .generate(), previous: [])
            keyProblem = problem.description
        }
        let data = config.dataDirectory as NSString
        let pageCache = PublicPageCache(maxBytes: config.pageCacheBytes)
        var made = AppDependencies(
            clock: clock,
            audit: AuditTrail(clock: clock),
            writeGate: WriteGate(),
            siteVersion: SiteVersion(cache: pageCache, clock: clock),
            pageCache: pageCache,
            rateLimits: RateLimits(settings: config.rateLimits),
            sharedRateLimits: config.databaseURL == nil ? nil : SharedRateLimits(settings: config.rateLimits),
            pdfRenderer: PDFRenderer(
                chromiumPath: config.chromiumPath, workDirectory: data.appendingPathComponent("tmp"),
                limit: config.pdfConcurrency, maxWaiting: config.pdfQueue, sandbox: config.chromiumSandbox),
            pdfCache: PDFCache(directory: data.appendingPathComponent("cache/pdf")),
            qrCodes: QRCodeRenderer(executable: config.qrencodePath),
            thumbnailer: Thumbnailer(executable: config.thumbnailerPath),
            trafficLog: TrafficLog(directory: config.trafficLogDirectory, clock: clock, retentionDays: config.logRetentionDays),
            clockSyncProbe: SystemClockSyncProbe(),
            // A throwaway keyring (doctor with an unusable key file) never reads the files again.
            twoFactorKeyring: TwoFactorKeyring(keys, reloadingFrom: config.twoFactorKey == nil && keyProblem == nil ? config : nil),
            // Once at start (a quarter of a second at cost 12), not inside the first sign-in.
            decoyPasswordHash: try Bcrypt.hash(SecretToken.make(), cost: config.bcryptCost),
            notifier: Notifier(mailEnabled: config.mailSettings != nil, publicBaseURL: config.publicBaseURL, clock: clock),
            mailSender: SMTPClient(),
            visitors: VisitorCounter(),
            assets: StaticAssets.load([
                (config.themeDirectory as NSString).appendingPathComponent("Public"), (config.resourcesDirectory as NSString).appendingPathComponent("Public")
            ]),
            metrics: PrakatMetrics())
        made.twoFactorKeyProblem = keyProblem
        return made
    }
}

extension Application {
    private struct DependenciesKey: StorageKey { typealias Value = AppDependencies }

    var dependencies: AppDependencies {
        get {
            guard let value = storage[DependenciesKey.self] else { fatalError("configure(_:) builds the dependencies before use") }
            return value
        }
        set { storage[DependenciesKey.self] = newValue }
    }

    // Short names for what handlers and services use most; each reads the one built set.
    public var clock: any PrakatClock { dependencies.clock }
    var audit: AuditTrail { dependencies.audit }
    var writeGate: WriteGate { dependencies.writeGate }
    var siteVersion: SiteVersion { dependencies.siteVersion }
    var pageCache: PublicPageCache { dependencies.pageCache }
    var rateLimits: RateLimits { dependencies.rateLimits }
    var sharedRateLimits: SharedRateLimits? { dependencies.sharedRateLimits }
    var pdfCache: PDFCache { dependencies.pdfCache }
    var qrCodes: QRCodeRenderer { dependencies.qrCodes }
    var trafficLog: TrafficLog { dependencies.trafficLog }
    var decoyPasswordHash: String { dependencies.decoyPasswordHash }
    var notifier: Notifier { dependencies.notifier }
    var assets: StaticAssets { dependencies.assets }
    var metrics: PrakatMetrics { dependencies.metrics }

    /// Settable for tests that swap the renderer after start (no chromium in attack runs).
    var pdfRenderer: PDFRenderer {
        get { dependencies.pdfRenderer }
        set { dependencies.pdfRenderer = newValue }
    }

    /// Settable for tests that say what the system clock's state is.
    var clockSyncProbe: any ClockSyncProbe {
        get { dependencies.clockSyncProbe }
        set { dependencies.clockSyncProbe = newValue }
    }

    /// Settable: `rotate-2fa-key` puts the new key in place.
    var twoFactorKeys: SecretKeyring {
        get { dependencies.twoFactorKeyring.current }
        set { dependencies.twoFactorKeyring.current = newValue }
    }
}

extension Request {
    public var clock: any PrakatClock { application.clock }
    var dependencies: AppDependencies { application.dependencies }
}
