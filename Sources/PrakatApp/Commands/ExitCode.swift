import Fluent
import Foundation
import NIOCore
import PrakatCore
import Vapor

extension Application {
    private struct ExitCodeKey: StorageKey { typealias Value = Int32 }

    /// What the process exits with after a command: commands report failure here instead of
    /// throwing, so the operator sees their Thai message and not a stack of log lines.
    public var exitCode: Int32 {
        get { storage[ExitCodeKey.self] ?? 0 }
        set { storage[ExitCodeKey.self] = newValue }
    }
}
