import Fluent
import Foundation
import NIOCore
import PrakatCore
import Vapor

/// Jobs that run inside the server: sealing finished traffic-log days and purging expired ones,
/// take-downs, reminders, visitor counts, the external-link checker and queued mail.
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

        // Take-downs: at start (catching up after downtime) and every 30 seconds.
        let expiry = eventLoop.scheduleRepeatedAsyncTask(initialDelay: .zero, delay: .seconds(30)) { _ in
            eventLoop.makeFutureWithTask {
                do {
                    let outcome = try await metrics.track(job: "expiry") { try await ExpiryJob(app: app).run() }
                    if outcome.expired + outcome.lapsed > 0 {
                        logger.info("recorded take-downs: \(outcome.expired) expired, \(outcome.lapsed) urgent lapsed")
                    }
                } catch {
                    logger.error("expiry job failed: \(error)")
                }
            }
        }
        app.lifecycle.use(CancelOnShutdown(task: expiry))

        // Reminders of deadlines and ends (once per person and event, whatever runs them).
        let reminders = eventLoop.scheduleRepeatedAsyncTask(initialDelay: .seconds(5), delay: .seconds(60)) { _ in
            eventLoop.makeFutureWithTask {
                do {
                    let outcome = try await metrics.track(job: "reminders") {
                        try await ReminderJob(db: app.db, writer: app.writer, notifier: app.notifier).run(now: app.clock.now())
                    }
                    if outcome.notices > 0 { logger.info("reminders: \(outcome.notices) notices") }
                } catch {
                    logger.error("reminder job failed: \(error)")
                }
            }
        }
        app.lifecycle.use(CancelOnShutdown(task: reminders))

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
        let links = eventLoop.scheduleRepeatedAsyncTask(initialDelay: .seconds(30), delay: .seconds(120)) { _ in
            eventLoop.makeFutureWithTask {
                do {
                    let outcome = try await metrics.track(job: "link_check") { try await linkChecks.run() }
                    if outcome.checked > 0 { logger.info("link check: \(outcome.checked) checked, \(outcome.broken) broken") }
                } catch {
                    logger.error("link check failed: \(String(describing: type(of: error)))")
                }
            }
        }
        app.lifecycle.use(CancelOnShutdown(task: links))
        app.lifecycle.use(ShutDownHTTPClient(client: linkClient))

        // Queued mail, when a mail server is configured.
        if let settings = app.prakat.mailSettings {
            let sender = MailSender(db: app.db, writer: app.writer, client: app.dependencies.mailSender, settings: settings, clock: app.clock)
            let mail = eventLoop.scheduleRepeatedAsyncTask(initialDelay: .seconds(2), delay: .seconds(15)) { _ in
                eventLoop.makeFutureWithTask {
                    do {
                        let outcome = try await metrics.track(job: "mail") { try await sender.run() }
                        if outcome.sent + outcome.failed + outcome.gaveUp > 0 {
                            logger.info("mail: \(outcome.sent) sent, \(outcome.failed) to retry, \(outcome.gaveUp) given up")
                        }
                    } catch {
                        logger.error("mail sender failed: \(error)")
                    }
                }
            }
            app.lifecycle.use(CancelOnShutdown(task: mail))
        }
    }

    /// The last counts of this instance, written before the database closes.
    struct FlushVisitorsOnShutdown: LifecycleHandler {
        let flush: VisitorFlush
        func shutdownAsync(_ application: Application) async {
            _ = try? await flush.run(now: application.clock.now())
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
