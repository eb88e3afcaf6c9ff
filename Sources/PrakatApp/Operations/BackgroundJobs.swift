import Fluent
import Foundation
import NIOCore
import PrakatCore
import Vapor

/// Jobs that run inside the server: sealing finished traffic-log days and purging expired ones,
/// take-downs, reminders, visitor counts, the external-link checker and queued mail.
///
/// With several instances on one database, take-downs, reminders, link checks and mail run on
/// the instance that holds the job's lease (`JobLeases`); sealing (each instance writes its own
/// traffic log) and the visitor flush (each flushes its own counts) run everywhere.
enum BackgroundJobs {
    static func start(_ app: Application) {
        let log = app.trafficLog
        let logger = app.logger
        let metrics = app.metrics
        let eventLoop = app.eventLoopGroup.next()
        let task = eventLoop.scheduleRepeatedAsyncTask(initialDelay: .zero, delay: .seconds(60)) { _ in
            eventLoop.makeFutureWithTask {
                do {
                    try await metrics.track(job: "traffic_seal") {
                        let sealed = try await TrafficSealing.sealFinishedDays(app)
                        for seal in sealed { logger.info("sealed traffic log \(seal.day): \(seal.lines) lines") }
                        let purged = try await log.purgeExpiredDays()
                        if !purged.isEmpty { logger.info("purged traffic logs past retention: \(purged.joined(separator: ", "))") }
                    }
                } catch {
                    logger.critical("traffic log sealing failed: \(error)")
                }
            }
        }
        app.lifecycle.use(CancelOnShutdown(task: task))

        // Other instances' changes to public content: their cached pages here are dropped within
        // a second (one indexed query); changes older than a day are deleted hourly.
        let siteVersion = app.siteVersion
        let changes = eventLoop.scheduleRepeatedAsyncTask(initialDelay: .zero, delay: SiteVersion.remoteCheckInterval) { _ in
            eventLoop.makeFutureWithTask {
                do {
                    try await siteVersion.pollRemote(app.db)
                } catch {
                    logger.warning("reading other instances' site changes failed: \(String(describing: type(of: error)))")
                }
            }
        }
        app.lifecycle.use(CancelOnShutdown(task: changes))
        let pruning = eventLoop.scheduleRepeatedAsyncTask(initialDelay: .seconds(60), delay: .hours(1)) { _ in
            eventLoop.makeFutureWithTask {
                do {
                    try await siteVersion.prune(app.writer, now: app.clock.now())
                } catch {
                    logger.warning("pruning site changes failed: \(String(describing: type(of: error)))")
                }
            }
        }
        app.lifecycle.use(CancelOnShutdown(task: pruning))

        // Take-downs: at start (catching up after downtime) and every 30 seconds. Visibility is
        // decided from the dates when a page is read (PublicItems), so while the lease changes
        // hands the public sees nothing late; only the record waits.
        repeating(app, .expiry, initialDelay: .zero) {
            let outcome = try await ExpiryJob(app: app).run()
            if outcome.expired + outcome.lapsed > 0 {
                logger.info("recorded take-downs: \(outcome.expired) expired, \(outcome.lapsed) urgent lapsed")
            }
        }

        // Reminders of deadlines and ends (once per person and event, whatever runs them).
        repeating(app, .reminders, initialDelay: .seconds(5)) {
            let outcome = try await ReminderJob(db: app.db, writer: app.writer, notifier: app.notifier).run(now: app.clock.now())
            if outcome.notices > 0 { logger.info("reminders: \(outcome.notices) notices") }
        }

        // Visitor counts: this instance's into the database, then the site's figures back for
        // the footer (at most 60 s behind: every instance flushes every 30 s).
        let visitorFlush = VisitorFlush(db: app.db, writer: app.writer, counter: app.visitors)
        let visitors = eventLoop.scheduleRepeatedAsyncTask(initialDelay: .zero, delay: .seconds(VisitorFlush.interval)) { _ in
            eventLoop.makeFutureWithTask {
                do {
                    try await metrics.track(job: "visitors") { try await visitorFlush.run(now: app.clock.now()) }
                } catch {
                    logger.error("visitor statistics flush failed: \(String(describing: type(of: error)))")
                }
            }
        }
        app.lifecycle.use(CancelOnShutdown(task: visitors))
        app.lifecycle.use(FlushVisitorsOnShutdown(flush: visitorFlush))

        // External links of public items (the currency desk): a batch every two minutes, one
        // request per host per second; private and loopback addresses are never fetched.
        let linkClient = HTTPLinkFetcher.makeClient(on: app.eventLoopGroup)
        let linkChecks = app.linkCheckJob(client: linkClient, gate: LinkCheckHostGate())
        repeating(app, .linkChecks, initialDelay: .seconds(30)) {
            let outcome = try await linkChecks.run()
            if outcome.checked > 0 { logger.info("link check: \(outcome.checked) checked, \(outcome.broken) broken") }
        }
        app.lifecycle.use(ShutDownHTTPClient(client: linkClient))

        // Public PDFs (issue 14 §8): made here, one at a time, never by a visitor's request. The
        // catch-up pass at start and every 15 minutes queues public documents whose current
        // version has no PDF yet (after downtime, a new agency name, new questionnaire answers).
        // Each instance keeps its own PDFs, so this runs everywhere without a lease.
        if app.pdfRenderer.isAvailable {
            let queue = app.publicPDFs
            let worker = Task {
                while !Task.isCancelled {
                    await queue.waitForWork()
                    if Task.isCancelled { break }
                    let made = await app.drainPublicPDFs()
                    if made > 0 { logger.info("public PDFs made: \(made)") }
                }
            }
            app.lifecycle.use(StopPublicPDFs(worker: worker, queue: queue))
            let catchUp = eventLoop.scheduleRepeatedAsyncTask(initialDelay: .seconds(10), delay: .minutes(15)) { _ in
                eventLoop.makeFutureWithTask {
                    do {
                        await app.enqueueMissingPublicPDFs(try await PlanPublicPDFs.all(on: app.db))
                    } catch {
                        logger.error("public PDF catch-up failed: \(error)")
                    }
                }
            }
            app.lifecycle.use(CancelOnShutdown(task: catchUp))
        }

        // Queued mail, when a mail server is configured.
        if let settings = app.prakat.mailSettings {
            let sender = MailSender(db: app.db, writer: app.writer, client: app.dependencies.mailSender, settings: settings, clock: app.clock)
            repeating(app, .mail, initialDelay: .seconds(2)) {
                let outcome = try await sender.run()
                if outcome.sent + outcome.failed + outcome.gaveUp > 0 {
                    logger.info("mail: \(outcome.sent) sent, \(outcome.failed) to retry, \(outcome.gaveUp) given up")
                }
            }
        }
    }

    /// A job that runs on one instance at a time: its name in `job_leases`, how often it runs
    /// and how long a lease lasts (three runs, so one slow run or a missed tick does not hand it
    /// over, and a dead holder is replaced within that time).
    struct LeasedJob: Sendable {
        var name: String
        var every: Int64

        var lease: TimeInterval { TimeInterval(every * 3) }

        static let expiry = LeasedJob(name: "expiry", every: 30)
        static let reminders = LeasedJob(name: "reminders", every: 60)
        static let linkChecks = LeasedJob(name: "link-checks", every: 120)
        static let mail = LeasedJob(name: "mail", every: 15)
        static let all = [expiry, reminders, linkChecks, mail]
    }

    /// Runs `body` every `job.every` seconds while this instance holds the job's lease; a
    /// failure is logged and the next run tries again.
    private static func repeating(_ app: Application, _ job: LeasedJob, initialDelay: TimeAmount, _ body: @escaping @Sendable () async throws -> Void) {
        let eventLoop = app.eventLoopGroup.next()
        let logger = app.logger
        let leases = app.jobLeases
        let metrics = app.metrics
        let task = eventLoop.scheduleRepeatedAsyncTask(initialDelay: initialDelay, delay: .seconds(job.every)) { _ in
            eventLoop.makeFutureWithTask {
                do {
                    guard try await leases.acquire(job.name, for: job.lease) else { return }
                    // Job lag is measured where the job runs: on the lease holder.
                    try await metrics.track(job: job.name.replacingOccurrences(of: "-", with: "_")) { try await body() }
                } catch {
                    logger.error("\(job.name) job failed: \(error)")
                }
            }
        }
        app.lifecycle.use(CancelOnShutdown(task: task))
    }

    /// The last counts of this instance, written before the database closes.
    struct FlushVisitorsOnShutdown: LifecycleHandler {
        let flush: VisitorFlush
        func shutdownAsync(_ application: Application) async {
            _ = try? await flush.run(now: application.clock.now())
        }
    }

    struct StopPublicPDFs: LifecycleHandler {
        let worker: Task<Void, Never>
        let queue: PublicPDFQueue
        func shutdownAsync(_ application: Application) async {
            worker.cancel()
            await queue.wake()
        }
    }

    struct ShutDownHTTPClient: LifecycleHandler {
        let client: HTTPClient
        func shutdownAsync(_ application: Application) async {
            try? await client.shutdown()
        }
    }

    struct CancelOnShutdown: LifecycleHandler {
        let task: RepeatedTask
        func shutdown(_ application: Application) { task.cancel() }
    }
}
