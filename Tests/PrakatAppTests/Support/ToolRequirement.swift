import Foundation
import Testing

@testable import PrakatApp

/// Programs from Debian packages that some tests drive (issue 15 §4: those tests used to
/// `return` early, and so passed, where the program was missing). Outside CI such a test is
/// skipped, visibly and with the reason; in CI (`CI=true`) it always runs, so a missing program
/// fails it.
enum ToolRequirement: CaseIterable {
    case openssl, chromium, qrencode, aiosmtpd, vipsthumbnail, libreoffice, gzip

    static var isCI: Bool {
        let value = ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? ""
        return value == "true" || value == "1" || value == "yes"
    }

    var package: String {
        switch self {
        case .openssl: "openssl"
        case .chromium: "chromium"
        case .qrencode: "qrencode"
        case .aiosmtpd: "aiosmtpd (PyPI, test tooling only)"
        case .vipsthumbnail: "libvips-tools"
        case .libreoffice: "libreoffice-calc-nogui"
        case .gzip: "gzip"
        }
    }

    var isAvailable: Bool {
        switch self {
        case .openssl: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
        case .chromium: PrakatConfiguration.findChromium() != nil
        case .qrencode: PrakatConfiguration.findQrencode() != nil
        case .aiosmtpd: SMTPSink.pythonHasAiosmtpd
        case .vipsthumbnail: FileManager.default.isExecutableFile(atPath: "/usr/bin/vipsthumbnail")
        case .libreoffice: FileManager.default.isExecutableFile(atPath: "/usr/bin/libreoffice")
        case .gzip: FileManager.default.isExecutableFile(atPath: "/bin/gzip")
        }
    }

    var reason: String { "needs \(self) (Debian package \(package)); CI must install it before the tests" }

    /// Runs the test where the program is, and always in CI.
    var trait: ConditionTrait { .enabled(if: isAvailable || Self.isCI, Comment(rawValue: reason)) }
}

@Suite("Programs the tests need")
struct ToolRequirementTests {
    /// Several tests take another path without chromium or qrencode (the PDF and QR code
    /// paths); in CI they must take the real one, so CI must have every program.
    @Test(.enabled(if: ToolRequirement.isCI, "only in CI (CI=true), where every program must be installed"))
    func ciHasEveryProgramTheTestsNeed() {
        for tool in ToolRequirement.allCases {
            #expect(tool.isAvailable, "\(tool.reason)")
        }
    }
}
