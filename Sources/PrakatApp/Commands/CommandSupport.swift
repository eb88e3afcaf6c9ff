import Fluent
import Foundation
import PrakatCore
import Vapor

/// The operator at the command line, for the audit trail.
func commandLineActor(_ command: String) -> AuditActor {
    let user =
        ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.environment["USER"]
        ?? getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "unknown"
    return AuditActor(userID: nil, name: "\(command) (\(user))", address: "-")
}

/// Writes `data` readable by its owner only (backups hold password hashes; logs hold addresses).
func writePrivately(_ data: Data, to path: String) throws {
    let temporary = path + ".part"
    FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600])
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
    try handle.write(contentsOf: data)
    try handle.synchronize()
    try handle.close()
    if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
    try FileManager.default.moveItem(atPath: temporary, toPath: path)
}
