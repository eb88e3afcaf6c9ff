import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// Issue 14 §7: with several instances on one database, take-downs, reminders, link checks and
/// mail run on one instance at a time, and another takes over when it stops.
@Suite("Background jobs: one instance at a time")
struct JobLeaseTests {
    @Test func oneOfTwoInstancesHoldsTheLeaseAndTheOtherTakesOverWhenItRunsOut() async throws {
        try await withPrakat { app, _, clock in
            // A second instance on the same database (file, or PostgreSQL schema).
            let other = try await Application.make(.testing)
            do {
                try await configure(other, configuration: app.prakat, clock: clock)
                let first = app.jobLeases
                let second = other.jobLeases
                #expect(first.holder != second.holder)
                let lease = BackgroundJobs.LeasedJob.expiry

                #expect(try await first.acquire(lease.name, for: lease.lease))
                #expect(try await !second.acquire(lease.name, for: lease.lease))
                #expect(try await first.holder(of: lease.name) == first.holder.uuidString.lowercased())

                // The holder renews on every run, so it keeps the lease past the first expiry.
                clock.advance(by: 60)
                #expect(try await first.acquire(lease.name, for: lease.lease))
                clock.advance(by: 89)
                #expect(try await !second.acquire(lease.name, for: lease.lease), "renewed 89 s ago: still held")

                // The holder stopped: after three intervals the other instance takes over.
                clock.advance(by: 1)
                #expect(try await first.holder(of: lease.name) == nil)
                #expect(try await second.acquire(lease.name, for: lease.lease))
                #expect(try await !first.acquire(lease.name, for: lease.lease))
                #expect(try await first.holder(of: lease.name) == second.holder.uuidString.lowercased())

                // Each job has its own lease.
                #expect(try await first.acquire(BackgroundJobs.LeasedJob.mail.name, for: BackgroundJobs.LeasedJob.mail.lease))
            } catch {
                try await other.asyncShutdown()
                throw error
            }
            try await other.asyncShutdown()
        }
    }

    @Test func racingInstancesGetOneHolder() async throws {
        try await withPrakat { app, _, clock in
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    let leases = JobLeases(db: app.db, writer: app.writer, clock: clock, holder: UUID())
                    group.addTask { try await leases.acquire("reminders", for: 180) }
                }
                var all: [Bool] = []
                for try await won in group { all.append(won) }
                return all
            }
            #expect(winners.filter { $0 }.count == 1, "\(winners)")
        }
    }

    /// Three runs: one slow run or a missed tick does not hand a job over.
    @Test func aLeaseLastsThreeIntervals() {
        for job in BackgroundJobs.LeasedJob.all { #expect(job.lease == TimeInterval(job.every * 3)) }
        #expect(Set(BackgroundJobs.LeasedJob.all.map(\.name)).count == BackgroundJobs.LeasedJob.all.count)
    }
}
