import Foundation
import Vapor

#if canImport(Glibc)
    import Glibc
#endif

/// Whether the system clock is kept in step with a time source. The Computer Crime Act's
/// notification asks for traffic data stamped by a synchronised clock, so the server warns at
/// start and on the admin pages when it is not (or cannot tell).
enum ClockSyncStatus: String, Sendable, Equatable {
    case synchronised, unsynchronised, unknown

    var warning: String? {
        switch self {
        case .synchronised: nil
        case .unsynchronised: OperationsText.clockUnsynchronised
        case .unknown: OperationsText.clockUnknown
        }
    }
}

protocol ClockSyncProbe: Sendable {
    func status() -> ClockSyncStatus
}

/// Tests say what the clock is.
struct FixedClockSyncProbe: ClockSyncProbe {
    var value: ClockSyncStatus
    func status() -> ClockSyncStatus { value }
}

/// Works on Debian with or without systemd: systemd-timesyncd's flag file first, then the
/// kernel's own view through adjtimex(2) (read-only: `modes` 0), which chrony, ntpd and
/// timesyncd all keep up to date. Anything else reads as "unknown".
struct SystemClockSyncProbe: ClockSyncProbe {
    var timesyncFlag = "/run/systemd/timesync/synchronized"

    func status() -> ClockSyncStatus {
        if FileManager.default.fileExists(atPath: timesyncFlag) { return .synchronised }
        return Self.kernelStatus()
    }

    /// `adjtimex` returns the clock state; TIME_ERROR (5) means "not synchronised" (STA_UNSYNC).
    static func kernelStatus() -> ClockSyncStatus { status(adjtimexState: adjtimexState()) }

    /// What a state of `adjtimex` means; nil: the call is not there.
    static func status(adjtimexState state: Int32?) -> ClockSyncStatus {
        switch state {
        case .some(0...4): .synchronised
        case .some(5): .unsynchronised
        default: .unknown
        }
    }

    /// The kernel's clock state from `adjtimex(2)`, looked up at run time (Swift's Glibc module
    /// does not import it); nil where there is no such call.
    static func adjtimexState() -> Int32? {
        #if os(Linux)
            typealias AdjTimeX = @convention(c) (UnsafeMutableRawPointer) -> Int32
            guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "adjtimex") else { return nil }
            let call = unsafeBitCast(symbol, to: AdjTimeX.self)
            // struct timex is 208 bytes on 64-bit Linux; zeroed means "read only".
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: 512, alignment: 16)
            defer { buffer.deallocate() }
            buffer.initializeMemory(as: UInt8.self, repeating: 0, count: 512)
            return call(buffer)
        #else
            return nil
        #endif
    }
}

extension Application {
    /// Logged once when `serve` starts.
    func warnIfClockUnsynchronised() {
        switch clockSyncProbe.status() {
        case .synchronised: logger.info("system clock: synchronised")
        case .unsynchronised: logger.warning("system clock is NOT synchronised (NTP): traffic-log times may be off; enable chrony or systemd-timesyncd")
        case .unknown: logger.warning("system clock: synchronisation unknown (no adjtimex, no systemd-timesyncd); check NTP")
        }
    }
}
