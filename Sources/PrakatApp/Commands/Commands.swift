import Fluent
import Foundation
import NIOCore
import PrakatCore
import Vapor

/// `prakat serve`: migrate, create the demo agency on first start, start the background jobs,
/// then Vapor's own server.
struct ServeWithSetupCommand: AsyncCommand {
    typealias Signature = ServeCommand.Signature
    let help = "Migrates the database, creates the demo agency on first start and serves the site."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app, seedDemo: app.prakat.seedDemoOnFirstStart)
        BackgroundJobs.start(app)
        app.warnIfClockUnsynchronised()
        try await app.servers.asyncCommand.run(using: context, signature: signature)
    }
}

/// `prakat create-admin --username NAME [--password-stdin]`.
struct CreateAdminCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "username", help: "Username of the new administrator (a–z, digits, . _ -).")
        var username: String?
        @Option(name: "display-name", help: "Name shown in the system (default: ผู้ดูแลระบบ).")
        var displayName: String?
        @Flag(name: "password-stdin", help: "Read the password from standard input instead of generating one.")
        var passwordFromStdin: Bool
        init() {}
    }

    let help = "Creates an administrator account."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app, seedDemo: false)
        guard let username = signature.username else {
            context.console.error("ต้องระบุ --username (--username is required)")
            app.exitCode = 2
            return
        }
        var password: String
        var generated = false
        if signature.passwordFromStdin {
            password = readLine(strippingNewline: true) ?? ""
        } else {
            password = DemoSeeder.generatePassword()
            generated = true
        }
        let input = AccountService.UserInput(username: username, password: password, displayName: signature.displayName ?? "ผู้ดูแลระบบ",
                                             position: "ผู้ดูแลระบบ", unitID: nil, roleNames: [Role.administrator.rawValue])
        // A password the operator typed is theirs; a generated one must be changed at first sign-in.
        switch try await AccountService(application: app, db: app.db).createUser(input, actor: AuditActor.system("create-admin"), mustChangePassword: generated) {
        case .failure(let errors):
            for message in errors.list { context.console.error(message) }
            app.exitCode = 1
        case .success(let user):
            context.console.print("สร้างผู้ดูแลระบบ \(user.username) แล้ว (administrator created)")
            if generated { context.console.print("รหัสผ่าน (password, shown once): \(password)") }
        }
        password = ""
    }
}

/// `prakat seed-demo`: the demo agency, units, users and categories (only into an empty database).
struct SeedDemoCommand: AsyncCommand {
    struct Signature: CommandSignature { init() {} }
    let help = "Creates the demo agency with its units, one user per role and the default categories."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app, seedDemo: false)
        if try await Agency.query(on: app.db).count() > 0 {
            context.console.warning("มีข้อมูลหน่วยงานอยู่แล้ว ไม่สร้างซ้ำ (an agency already exists; nothing was changed)")
            return
        }
        let credentials = try await DemoSeeder(app: app).seed()
        try await PublishingDemo(app: app).seed()
        DemoSeeder.printOnce(credentials, baseURL: app.prakat.publicBaseURL)
    }
}

/// `prakat verify-audit`: walks the hash chain; exit 0 and "intact", or exit 1 naming the first broken link.
struct VerifyAuditCommand: AsyncCommand {
    struct Signature: CommandSignature { init() {} }
    let help = "Verifies the audit trail's hash chain and reports the first broken link."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await DatabaseSetup.prepare(app.db, schema: app.prakat.databaseSchema)
        switch try await AuditTrail.verify(on: app.db) {
        case .intact(let count):
            let anchors = try await TrafficSealing.missingAuditAnchors(app)
            if anchors.isEmpty {
                context.console.print("intact (\(count) entries)")
            } else {
                context.console.error("the chain links up, but its tail was cut or rewritten: \(anchors[0])")
                app.exitCode = 1
            }
        case .broken(let link, let checked):
            context.console.error("broken at entry \(link.sequence): \(link) (\(checked) entries before it are intact)")
            app.exitCode = 1
        }
    }
}

/// `prakat verify-logs`: every sealed traffic day against its file, the chain between days,
/// unsealed finished days, and the seals recorded in the audit trail.
struct VerifyLogsCommand: AsyncCommand {
    struct Signature: CommandSignature { init() {} }
    let help = "Verifies the traffic logs: each sealed day, the chain of seals, and the seals recorded in the audit trail."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await DatabaseSetup.prepare(app.db, schema: app.prakat.databaseSchema)
        switch try await app.trafficLog.verify() {
        case .broken(let day, let reason):
            context.console.error("broken at \(day): \(reason)")
            app.exitCode = 1
        case .intact(let days):
            let disagreements = try await TrafficSealing.sealsDisagreeingWithAudit(app)
            if let first = disagreements.first {
                context.console.error("broken at \(first)")
                app.exitCode = 1
            } else {
                context.console.print("intact (\(days) sealed days)")
            }
        }
    }
}

extension Application {
    private struct ExitCodeKey: StorageKey { typealias Value = Int32 }

    /// What the process exits with after a command: commands report failure here instead of
    /// throwing, so the operator sees their Thai message and not a stack of log lines.
    public var exitCode: Int32 {
        get { storage[ExitCodeKey.self] ?? 0 }
        set { storage[ExitCodeKey.self] = newValue }
    }
}

/// Jobs that run inside the server: sealing finished traffic-log days and purging expired ones.
enum BackgroundJobs {
    static func start(_ app: Application) {
        let log = app.trafficLog
        let logger = app.logger
        let eventLoop = app.eventLoopGroup.next()
        let task = eventLoop.scheduleRepeatedAsyncTask(initialDelay: .zero, delay: .seconds(60)) { _ in
            eventLoop.makeFutureWithTask {
                do {
                    let sealed = try await TrafficSealing.sealFinishedDays(app)
                    for seal in sealed { logger.info("sealed traffic log \(seal.day): \(seal.lines) lines") }
                    let purged = try await log.purgeExpiredDays()
                    if !purged.isEmpty { logger.info("purged traffic logs past retention: \(purged.joined(separator: ", "))") }
                } catch {
                    logger.critical("traffic log sealing failed: \(error)")
                }
            }
        }
        app.lifecycle.use(CancelOnShutdown(task: task))

        // Take-downs: at start (catching up after downtime) and every 30 seconds.
        let expiry = eventLoop.scheduleRepeatedAsyncTask(initialDelay: .zero, delay: .seconds(30)) { _ in
            eventLoop.makeFutureWithTask {
                do {
                    let outcome = try await ExpiryJob(app: app).run()
                    if outcome.expired + outcome.lapsed > 0 {
                        logger.info("recorded take-downs: \(outcome.expired) expired, \(outcome.lapsed) urgent lapsed")
                    }
                } catch {
                    logger.error("expiry job failed: \(error)")
                }
            }
        }
        app.lifecycle.use(CancelOnShutdown(task: expiry))
    }

    struct CancelOnShutdown: LifecycleHandler {
        let task: RepeatedTask
        func shutdown(_ application: Application) { task.cancel() }
    }
}
