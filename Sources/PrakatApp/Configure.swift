import Fluent
import Foundation
import Leaf
import LeafKit
import NIOSSL
import Vapor

/// Sets up a Prakat application: configuration, database, templates, middleware, routes and
/// commands. The executable and the tests both call this, so tests run the real thing.
public func configure(_ app: Application, configuration: PrakatConfiguration? = nil, clock: (any PrakatClock)? = nil) async throws {
    try await configure(app, configuration: configuration, clock: clock, adjusting: { _ in })
}

/// `configure` with a chance to replace services before anything is built from them (tests:
/// a renderer without chromium, a fixed clock-sync probe).
func configure(
    _ app: Application, configuration: PrakatConfiguration? = nil, clock: (any PrakatClock)? = nil,
    adjusting adjust: (inout AppDependencies) throws -> Void
) async throws {
    let config = try configuration ?? PrakatConfiguration.fromEnvironment(isProduction: app.environment == .production, arguments: app.environment.arguments)
    app.prakat = config
    try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
    // Every shared service, once, before any request (docs/architecture.md "Dependencies").
    // `prakat doctor` lists an unusable two-factor key among its findings instead of stopping at it.
    let doctoring = app.environment.arguments.dropFirst().first == "doctor"
    var dependencies = try AppDependencies.make(config, clock: clock ?? SystemClock(), withoutTwoFactorKey: doctoring)
    try adjust(&dependencies)
    app.dependencies = dependencies

    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port
    app.http.server.configuration.serverName = nil
    // No client of Prakat compresses request bodies; NIO's inflater closes the connection
    // without an answer on a bad gzip body, and it is one more decompression-bomb surface.
    app.http.server.configuration.requestDecompression = .disabled
    // gzip for text answers when the client asks (pages, JSON, feeds, sitemaps); files that are
    // compressed already (PDF, images, ZIP) are sent as they are. ETags are weak, so one
    // validator serves both encodings, and such answers say `Vary: Accept-Encoding`.
    app.http.server.configuration.responseCompression = .disabled(
        initialByteBufferCapacity: 16 * 1024, allowedTypes: CompressibleTypes.all, allowRequestOverrides: true)
    if let certificate = config.tlsCertificatePath, let key = config.tlsKeyPath {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
        tls.minimumTLSVersion = .tlsv12
        app.http.server.configuration.tlsConfiguration = tls
    }
    app.routes.defaultMaxBodySize = ByteCount(value: config.maxBodyBytes)
    app.routes.caseInsensitive = false
    // MultipartKit traps on some malformed bodies: every multipart decode goes through the guard.
    ContentConfiguration.global.use(decoder: SafeFormDataDecoder(), for: .formData)
    // The API's JSON in one order, and URLs without escaped slashes: Foundation on Linux writes an
    // object's keys in a different order from one response to the next, so the same answer came
    // out as different bytes (sqlmap took every API answer for a changing page; a person diffing
    // two exports would too).
    ContentConfiguration.global.use(encoder: APIJSON.encoder, for: .json)

    try DatabaseSetup.configure(app, configuration: config)
    app.migrations.add(PrakatMigrations.all, to: config.migrationDatabaseURL == nil ? nil : .prakatOwner)

    app.views.use(.leaf)
    app.leaf.cache.isEnabled = app.environment.isRelease
    let sources = LeafSources()
    let viewsDirectory = (config.resourcesDirectory as NSString).appendingPathComponent("Views") + "/"
    let themeViews = (config.themeDirectory as NSString).appendingPathComponent("Views") + "/"
    var isDirectory: ObjCBool = false
    // An agency's theme overrides any template by putting a file of the same name in <data>/theme/Views.
    if FileManager.default.fileExists(atPath: themeViews, isDirectory: &isDirectory), isDirectory.boolValue {
        try sources.register(source: "theme", using: NIOLeafFiles(fileio: app.fileio, limits: .default, sandboxDirectory: themeViews, viewDirectory: themeViews), searchable: true)
    }
    try sources.register(
        source: "prakat", using: NIOLeafFiles(fileio: app.fileio, limits: .default, sandboxDirectory: viewsDirectory, viewDirectory: viewsDirectory), searchable: true)
    app.leaf.sources = sources
    app.leaf.tags["asset"] = AssetTag(assets: dependencies.assets)
    app.leaf.tags["text"] = EscapedTextTag()

    app.middleware = Middlewares()
    // First, so its latency covers the whole answer, traffic log included.
    app.middleware.use(RequestMetricsMiddleware(metrics: dependencies.metrics))
    app.middleware.use(TrafficLogMiddleware(log: dependencies.trafficLog))
    app.middleware.use(HeadAnswerMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(BodySizeLimitMiddleware())
    app.middleware.use(MultipartBoundaryGuard())
    app.middleware.use(RateLimitMiddleware())
    // Known static files from memory (fingerprinted or plain); the file system for the rest.
    app.middleware.use(StaticAssetsMiddleware(assets: dependencies.assets))
    let themePublic = (config.themeDirectory as NSString).appendingPathComponent("Public") + "/"
    if FileManager.default.fileExists(atPath: themePublic) {
        app.middleware.use(PublicFilesMiddleware(publicDirectory: themePublic))
    }
    app.middleware.use(PublicFilesMiddleware(publicDirectory: (config.resourcesDirectory as NSString).appendingPathComponent("Public") + "/"))
    app.middleware.use(BearerAuthenticator())
    app.middleware.use(SessionAuthenticator())
    // Counts public page views after the response is known (no database work on the way).
    app.middleware.use(VisitorMiddleware())
    app.middleware.use(CSRFMiddleware())
    app.middleware.use(AccessPolicyMiddleware())

    registerRoutes(app)
    // Cached public pages for anonymous readers are answered before routing and the middleware
    // chain (issue 14 §2); everything else goes to Vapor's responder, built from the routes and
    // middleware above when the server starts.
    app.responder.use { app in prakatResponder(app) }
    if FrontServer.isUsed(config) { app.servers.use { app in app.frontServer } }
    // After Fluent's own step (registered when the databases were configured): Vapor runs
    // shutdown steps in reverse order, and this one must come before the databases close.
    app.lifecycle.use(StopServingFirst(requests: dependencies.requestsInFlight))
    // Prakat keeps its own request metrics (`/metrics`); Vapor's would go to no backend.
    app.http.server.configuration.reportMetrics = false
    let eventLoops = app.eventLoopGroup.makeIterator().reduce(0) { count, _ in count + 1 }
    dependencies.metrics.databasePoolSize.set(Double(DatabaseSetup.connectionsPerEventLoop(config) * eventLoops))
    app.methodTable = MethodTable(routes: app.routes.all)

    app.asyncCommands.use(CreateAdminCommand(), as: "create-admin")
    app.asyncCommands.use(SeedDemoCommand(), as: "seed-demo")
    app.asyncCommands.use(VerifyAuditCommand(), as: "verify-audit")
    app.asyncCommands.use(VerifyLogsCommand(), as: "verify-logs")
    app.asyncCommands.use(ExpireCommand(), as: "expire")
    app.asyncCommands.use(ServeWithSetupCommand(), as: "serve", isDefault: true)
    app.asyncCommands.use(ExportLogsCommand(), as: "export-logs")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(RotateTwoFactorKeyCommand(), as: "rotate-2fa-key")
    // Fluent's own `migrate` neither creates PRAKAT_DB_SCHEMA nor grants the runtime role.
    app.asyncCommands.use(PrakatMigrateCommand(), as: "migrate")
    app.asyncCommands.use(DoctorCommand(), as: "doctor")
    app.asyncCommands.use(MoveToPostgresCommand(), as: "move-to-postgres")
    app.asyncCommands.use(GenerateCommand(), as: "generate")
}

func registerRoutes(_ app: Application) {
    SiteRoutes.register(app.routes)
    AgencyPages.register(app.routes)
    NotificationPages.register(app.routes)
    HomeContentPages.register(app.routes)
    EServicePages.register(app.routes)
    EServiceAPI.register(app.routes)
    PublicSiteRoutes.register(app.routes)
    PublishingPages.register(app.routes)
    AccountsPages.register(app.routes)
    AccountsAPI.register(app.routes)
    PublishingAPI.register(app.routes)
    PlansPages.register(app.routes)
    PlansAPI.register(app.routes)
    OperationsRoutes.register(app.routes)
    MetricsRoutes.register(app.routes)
    QuestionPages.register(app.routes)
    // Engagement (issue 12): visitor statistics and satisfaction
    VisitorsPages.register(app.routes)
    SatisfactionPages.register(app.routes)
    ChecklistPages.register(app.routes)
    // Compliance: the annual publishing report
    PublishingReportPages.register(app.routes)
    // Compliance (ITA issue, point 6): the currency desk
    CurrencyPages.register(app.routes)
}

/// Cached public pages for anonymous readers first, then Vapor's router and middleware chain.
func prakatResponder(_ app: Application) -> any Responder { CachedPageResponder(app: app, next: app.responder.default) }

/// Brings the database up to date and, on a fresh install, creates the demo agency.
/// `defaultCategories: false` is for tests that build a smaller world of their own.
public func prepareDatabase(_ app: Application, seedDemo: Bool, defaultCategories: Bool = true) async throws {
    try await DatabaseSetup.reach(app, nil)
    if app.prakat.migrationDatabaseURL != nil { try await DatabaseSetup.reach(app, .prakatOwner) }
    try await DatabaseSetup.prepare(app.migrationDatabase, schema: app.prakat.databaseSchema)
    try await app.autoMigrate()
    try await AddOpenEndedCounts.verify(app.migrationDatabase, logger: app.logger)
    try await DatabaseSetup.grantRuntimeRole(app)
    try await ChecklistCatalog.importIfEmpty(app)
    try await TwoFactorKeys.sealReadableSecrets(app)
    let unopenable = try await TwoFactorKeys.unopenableSecrets(app)
    if unopenable > 0 { app.logger.error("\(OperationsText.twoFactorSecretsUnopenable(unopenable)) (\(unopenable) two-factor secrets cannot be opened with the current key)") }
    // Every install has seed 1's category tree, demo or not (the demo finds it there).
    if defaultCategories {
        _ = try await app.writer.write { tx in try await DefaultCategories.createIfEmpty(in: tx, audit: app.audit, actor: .system("first-start")) }
    }
    if seedDemo, try await Agency.query(on: app.db).count() == 0 {
        let credentials = try await DemoSeeder(app: app).seed()
        try await PublishingDemo(app: app).seed()
        DemoSeeder.printOnce(credentials, baseURL: app.prakat.publicBaseURL)
    }
}
