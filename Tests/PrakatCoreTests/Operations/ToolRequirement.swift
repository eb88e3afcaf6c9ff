import Foundation
import Testing

/// `tar` for the check that another program reads our archives (issue 15 §4: the test used to
/// `return`, and so pass, without it). Skipped visibly outside CI; in CI (`CI=true`) it runs,
/// so a missing tar fails it.
enum SystemTar {
    static let path = "/bin/tar"
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: path) }
    static var isCI: Bool {
        let value = ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? ""
        return value == "true" || value == "1" || value == "yes"
    }
    static var trait: ConditionTrait {
        .enabled(if: isAvailable || isCI, "needs /bin/tar (Debian package tar); CI must install it before the tests")
    }
}
