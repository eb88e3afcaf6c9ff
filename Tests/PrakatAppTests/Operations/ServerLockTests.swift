import Foundation
import Testing
import VaporTesting

@testable import PrakatApp

/// `restore --force` under a running server replaced the files while the server went on writing
/// to the old, deleted database: changes it had confirmed were lost (an operator walkthrough).
/// And the live database was readable by every local user (0644).
@Suite("The data directory: a running server's lock, private database files")
struct ServerLockTests {
    @Test func aRestoreIsRefusedWhileAServerHoldsTheDataDirectoryAndAllowedOnceItIsGone() async throws {
        try await withBackupArchive { archive in
            let target = BackupFiles.temporaryPath("locked")
            defer {
                Backup.makeWritable(target)
                try? FileManager.default.removeItem(atPath: target)
            }
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            let held = try #require(ServerLock.holdForServer(dataDirectory: target))
            #expect(ServerLock.isHeldByServer(dataDirectory: target))
            #expect(throws: Backup.Problem.serverRunning(target)) { try Backup.restore(archive, into: target, usesPostgres: false, force: true) }
            #expect(Backup.occupied(target).isEmpty, "nothing was put in place")
            #expect(Backup.Problem.serverRunning(target).description.hasPrefix("เซิร์ฟเวอร์ Prakat กำลังทำงานอยู่"))
            ServerLock.release(held)
            #expect(!ServerLock.isHeldByServer(dataDirectory: target))
            _ = try Backup.restore(archive, into: target, usesPostgres: false, force: false)

            // A server that dies (SIGKILL) leaves no lock behind: the kernel drops it. The holder is
            // one process (flock(1) would pass the lock on to the command it runs).
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") {
                let script = "import fcntl, os, sys, time; f = os.open(sys.argv[1], os.O_RDWR); fcntl.flock(f, fcntl.LOCK_SH); time.sleep(30)"
                let holder = try Process.run(URL(fileURLWithPath: "/usr/bin/python3"), arguments: ["-c", script, ServerLock.path(in: target)])
                var waited = 0
                while !ServerLock.isHeldByServer(dataDirectory: target), waited < 100 {
                    try await Task.sleep(for: .milliseconds(50))
                    waited += 1
                }
                #expect(ServerLock.isHeldByServer(dataDirectory: target))
                kill(holder.processIdentifier, SIGKILL)
                holder.waitUntilExit()
                #expect(!ServerLock.isHeldByServer(dataDirectory: target))
            }
        }
    }

    @Test func theDatabaseAndItsWALAreReadableByTheirOwnerOnly() async throws {
        let directory = BackupFiles.temporaryPath("private")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = ["PRAKAT_DATA_DIR": directory, "PRAKAT_DEMO": "0", "PRAKAT_BCRYPT_COST": "4"]
        func mode(_ name: String) throws -> Int {
            try #require(try FileManager.default.attributesOfItem(atPath: (directory as NSString).appendingPathComponent(name))[.posixPermissions] as? Int)
        }
        for round in 0..<2 {
            let app = try await Application.make(.testing)
            do {
                try await configure(app, configuration: try PrakatConfiguration.fromEnvironment(environment), clock: FixedClock(Date(timeIntervalSince1970: 1_770_606_000)))
                try await prepareDatabase(app, seedDemo: false)
                #expect(try mode("prakat.sqlite") == 0o600, "round \(round)")
                #expect(try mode("prakat.sqlite-wal") == 0o600, "round \(round)")
            } catch {
                try await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
            // An install made before this: loosened, tightened at the next start.
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: (directory as NSString).appendingPathComponent("prakat.sqlite"))
        }
        // A restore into a directory where a start left only an empty database file is not "occupied".
        let empty = BackupFiles.temporaryPath("empty")
        defer { try? FileManager.default.removeItem(atPath: empty) }
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        try DatabaseSetup.makeDatabaseFilesPrivate((empty as NSString).appendingPathComponent("prakat.sqlite"))
        #expect(Backup.occupied(empty).isEmpty)
    }

    func withBackupArchive(_ body: (String) async throws -> Void) async throws {
        try await withPrakat { app, _, _ in
            let archive = BackupFiles.temporaryPath("backup.tar.gz")
            defer { try? FileManager.default.removeItem(atPath: archive) }
            _ = try await Backup.create(app, by: "test", to: archive)
            try await body(archive)
        }
    }
}
