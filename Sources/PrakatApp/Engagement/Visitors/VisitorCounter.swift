import Foundation
import NIOConcurrencyHelpers
import PrakatCore

/// This instance's visitor counts since the last flush, in memory. A page view costs one hash and
/// one locked insert; `VisitorFlush` moves the counts into the database at least every 30 s with
/// additive upserts, so several instances add up. Nothing here holds an address or a user agent:
/// only the day's salted hashes.
final class VisitorCounter: Sendable {
    /// What waits to be written, by Bangkok day (`2026-02-09`).
    struct Pending: Sendable {
        var pageViews: [String: Int] = [:]
        var hashes: [String: Set<String>] = [:]
        /// Views of item pages by item number and month (`2026-02`).
        var itemViews: [ItemMonth: Int] = [:]

        var isEmpty: Bool { pageViews.isEmpty && hashes.isEmpty && itemViews.isEmpty }

        mutating func merge(_ other: Pending) {
            for (day, views) in other.pageViews { pageViews[day, default: 0] += views }
            for (day, set) in other.hashes { hashes[day, default: []].formUnion(set) }
            for (key, views) in other.itemViews { itemViews[key, default: 0] += views }
        }
    }

    struct ItemMonth: Hashable, Sendable {
        var number: Int
        var month: String
    }

    private struct State {
        var pending = Pending()
        /// The day's shared salt once the database gave it (today's and tomorrow's, made ahead).
        var salts: [String: [UInt8]] = [:]
        /// A salt made here because the shared one was not known yet (only before the first
        /// flush of a day); the flush offers it to the database as the day's salt.
        var localSalts: [String: [UInt8]] = [:]
        /// The current Bangkok day and the instants it spans, so most page views skip the calendar.
        var day: (key: String, month: String, start: Date, end: Date)?
    }

    private let state = NIOLockedValueBox(State())
    private let snapshotBox = NIOLockedValueBox(VisitorSnapshot())
    /// Most pending hashes kept per day; beyond it page views still count, hashes wait for the flush.
    let maxPendingHashes = 200_000

    /// Counts one page view of `path` by the visitor at `address` with `userAgent`.
    func record(address: String, userAgent: String?, path: String, at now: Date) {
        let item = VisitorRules.itemNumber(path: path)
        state.withLockedValue { state in
            let day = Self.day(now, cached: &state.day)
            state.pending.pageViews[day.key, default: 0] += 1
            let salt: [UInt8]
            if let shared = state.salts[day.key] {
                salt = shared
            } else if let local = state.localSalts[day.key] {
                salt = local
            } else {
                salt = VisitorHash.makeSalt()
                state.localSalts[day.key] = salt
            }
            if state.pending.hashes[day.key, default: []].count < maxPendingHashes {
                state.pending.hashes[day.key, default: []].insert(VisitorHash.hash(salt: salt, address: address, userAgent: userAgent))
            }
            if let item { state.pending.itemViews[ItemMonth(number: item, month: day.month), default: 0] += 1 }
        }
    }

    private static func day(_ now: Date, cached: inout (key: String, month: String, start: Date, end: Date)?) -> (key: String, month: String, start: Date, end: Date) {
        if let day = cached, now >= day.start, now < day.end { return day }
        let date = CalendarDate.bangkok(containing: now)
        let day = (key: date.iso, month: VisitorCalendar.monthKey(date), start: date.startInBangkok, end: date.endInBangkok)
        cached = day
        return day
    }

    /// Takes what waits to be written (the flush puts it back if the write fails).
    func takePending() -> Pending {
        state.withLockedValue { state in
            let pending = state.pending
            state.pending = Pending()
            return pending
        }
    }

    func putBack(_ pending: Pending) {
        state.withLockedValue { $0.pending.merge(pending) }
    }

    /// The salt made here for `day` before the shared one was known, if any.
    func localSalt(for day: String) -> [UInt8]? {
        state.withLockedValue { $0.localSalts[day] }
    }

    func knowsSharedSalt(for day: String) -> Bool {
        state.withLockedValue { $0.salts[day] != nil }
    }

    /// The database's salt for `day`; from now on this instance hashes with it.
    func useSharedSalt(_ salt: [UInt8], for day: String) {
        state.withLockedValue { state in
            state.salts[day] = salt
            state.localSalts[day] = nil
        }
    }

    /// Forgets the salts of days before `day` (the day is over: nobody may hash with them again).
    func forgetSalts(before day: String) {
        state.withLockedValue { state in
            state.salts = state.salts.filter { $0.key >= day }
            state.localSalts = state.localSalts.filter { $0.key >= day }
        }
    }

    /// Days whose salt this instance still holds in memory (tests check that old ones are gone).
    var saltDays: [String] {
        state.withLockedValue { Array(Set($0.salts.keys).union($0.localSalts.keys)).sorted() }
    }

    // MARK: The figures the footer and the API show

    var snapshot: VisitorSnapshot { snapshotBox.withLockedValue { $0 } }

    /// Replaces the figures; the generation moves when they changed, so cached public pages that
    /// show the old ones are rendered again (`PublicPageCache` keys on it).
    func publish(_ figures: VisitorFigures, at now: Date) {
        snapshotBox.withLockedValue { snapshot in
            if snapshot.figures != figures || snapshot.updatedAt == nil { snapshot.generation &+= 1 }
            snapshot.figures = figures
            snapshot.updatedAt = now
        }
    }
}

/// The figures as last read from the database, with when.
struct VisitorSnapshot: Sendable {
    var figures = VisitorFigures.zero
    var updatedAt: Date?
    var generation = 0
}
