import Fluent
import Foundation
import NIOConcurrencyHelpers
import PrakatCore
import Vapor

/// The key two-factor secrets are sealed with (issue 15 §3: they were stored readable, so every
/// copy of the database held everyone's second factor).
///
/// From `PRAKAT_2FA_KEY` (base64 of 32 bytes; the same on every instance) when it is set, with
/// `PRAKAT_2FA_KEY_PREVIOUS` still accepted for opening during a change of key. Otherwise from
/// `<data>/2fa.key`, created with mode 0600 on first start; a key file readable by others is
/// refused. The key file is never put into backups: a backup holds only ciphertext.
enum TwoFactorKeys {
    static let fileName = "2fa.key"
    /// A rotation writes the new key here first, so a crash part-way leaves both keys readable.
    static let nextFileName = "2fa.key.next"
    static let previousFileName = "2fa.key.previous"

    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func path(_ name: String, in config: PrakatConfiguration) -> String {
        (config.dataDirectory as NSString).appendingPathComponent(name)
    }

    static func load(_ config: PrakatConfiguration) throws -> SecretKeyring {
        if let current = config.twoFactorKey {
            return SecretKeyring(current: current, previous: config.twoFactorPreviousKey.map { [$0] } ?? [])
        }
        let main = path(fileName, in: config), next = path(nextFileName, in: config)
        // A rotation that stopped between its two renames: the new key is the current one.
        if !FileManager.default.fileExists(atPath: main), FileManager.default.fileExists(atPath: next) {
            _ = rename(next, main)
        }
        let current = try readKeyFile(main) ?? createKeyFile(main, key: .generate())
        // Leftovers of an interrupted rotation stay readable until the next rotation tidies up.
        let others = try [nextFileName, previousFileName].compactMap { try readKeyFile(path($0, in: config)) }
        return SecretKeyring(current: current, previous: others)
    }

    /// The key files as they are now, for a running server after `rotate-2fa-key` (see
    /// `TwoFactorKeyring`), with the key named `keyID` as the current one: the rotation re-seals
    /// every secret with its new key before it renames the files, so the key the secrets name is
    /// the newest even part-way. Nil when no file holds `keyID`; never creates a file.
    static func reloadFiles(_ config: PrakatConfiguration, naming keyID: String) throws -> SecretKeyring? {
        let keys = try [fileName, nextFileName, previousFileName].compactMap { try readKeyFile(path($0, in: config)) }
        guard let named = keys.first(where: { $0.id == keyID }) else { return nil }
        return SecretKeyring(current: named, previous: keys)
    }

    static func readKeyFile(_ path: String) throws -> SecretKey? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.uint16Value, mode & 0o077 != 0 {
            throw Problem(description: "\(path) ต้องอ่านได้เฉพาะเจ้าของไฟล์ (must be readable by its owner only: chmod 600 \(path))")
        }
        guard let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }), let key = SecretKey(base64: text) else {
            throw Problem(description: "\(path) ไม่ใช่กุญแจที่ถูกต้อง (is not a base64 key of 32 bytes)")
        }
        return key
    }

    /// Created with O_EXCL and mode 0600 from the first byte, and flushed before it is used.
    @discardableResult
    static func createKeyFile(_ path: String, key: SecretKey) throws -> SecretKey {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw Problem(description: "\(path): cannot create the key file (errno \(errno))") }
        defer { close(fd) }
        let bytes = Array((key.base64 + "\n").utf8)
        guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count, fsync(fd) == 0 else {
            throw Problem(description: "\(path): cannot write the key file")
        }
        return key
    }

    /// Seals secrets still stored readable (databases from before issue 15 §3). Runs at every
    /// start after the migrations; returns how many it sealed.
    @discardableResult
    static func sealReadableSecrets(_ app: Application) async throws -> Int {
        let keys = app.twoFactorKeys
        let readable = try await UserTwoFactor.query(on: app.db).all().filter { !SecretKeyring.isSealed($0.storedSecret) }
        guard !readable.isEmpty else { return 0 }
        return try await app.writer.write { tx in
            for row in readable {
                row.storedSecret = try keys.seal(row.storedSecret, context: UserTwoFactor.context(userID: row.$user.id))
                try await row.update(on: tx.db)
            }
            try await app.audit.record(
                AuditEvent(
                    .twoFactorSecretsSealed, entityType: "user_two_factor",
                    details: ["count": String(readable.count), "keyId": keys.current.id]),
                by: .system("start"), in: tx)
            return readable.count
        }
    }

    /// How many sealed secrets the keys in use cannot open: a restore onto a machine without the
    /// kept key made a new one silently, and every enrolled person's code was then "wrong"
    /// (an operator walkthrough). Said by `restore`, at every start, and by `doctor`.
    static func unopenableSecrets(_ app: Application) async throws -> Int {
        let keys = app.twoFactorKeys
        return try await UserTwoFactor.query(on: app.db).all().filter { row in
            SecretKeyring.isSealed(row.storedSecret) && keys.open(row.storedSecret, context: UserTwoFactor.context(userID: row.$user.id)) == nil
        }.count
    }

    /// Seals every secret again with `keys.current`. Fails, changing nothing, if any secret
    /// cannot be opened with the keys given.
    static func reseal(_ app: Application, with keys: SecretKeyring) async throws -> Int {
        try await app.writer.write { tx in
            let rows = try await UserTwoFactor.query(on: tx.db).all()
            var count = 0
            for row in rows where SecretKeyring.keyID(of: row.storedSecret) != keys.current.id {
                let context = UserTwoFactor.context(userID: row.$user.id)
                guard let plain = SecretKeyring.isSealed(row.storedSecret) ? keys.open(row.storedSecret, context: context) : row.storedSecret else {
                    throw Problem(description: "the two-factor secret of user \(row.$user.id) cannot be opened with the keys given; nothing was changed")
                }
                row.storedSecret = try keys.seal(plain, context: context)
                try await row.update(on: tx.db)
                count += 1
            }
            try await app.audit.record(
                AuditEvent(
                    .twoFactorKeyRotated, entityType: "user_two_factor",
                    details: ["count": String(count), "keyId": keys.current.id]),
                by: .system("rotate-2fa-key"), in: tx)
            return count
        }
    }

    /// `prakat rotate-2fa-key` with the key file: a new key in `2fa.key.next`, every secret
    /// sealed with it in one transaction, then the new file takes the old one's name and the old
    /// key is deleted. Each step can be repeated after a crash.
    static func rotateKeyFile(_ app: Application) async throws -> (keyID: String, count: Int) {
        let config = app.prakat
        let main = path(fileName, in: config), next = path(nextFileName, in: config), previous = path(previousFileName, in: config)
        let newKey = try readKeyFile(next) ?? createKeyFile(next, key: .generate())
        var old: [SecretKey] = []
        for name in [main, previous] { if let key = try readKeyFile(name) { old.append(key) } }
        let count = try await reseal(app, with: SecretKeyring(current: newKey, previous: old))
        if FileManager.default.fileExists(atPath: main) {
            try? FileManager.default.removeItem(atPath: previous)
            try FileManager.default.moveItem(atPath: main, toPath: previous)
        }
        guard rename(next, main) == 0 else { throw Problem(description: "cannot rename \(next) to \(main) (errno \(errno))") }
        try? FileManager.default.removeItem(atPath: previous)
        app.twoFactorKeys = SecretKeyring(current: newKey)
        return (newKey.id, count)
    }
}

/// `prakat rotate-2fa-key`: seal every two-factor secret with a new key (docs/security.md).
struct RotateTwoFactorKeyCommand: AsyncCommand {
    struct Signature: CommandSignature { init() {} }
    let help = "Seals every two-factor secret with a new key (with PRAKAT_2FA_KEY: with that key, opening with PRAKAT_2FA_KEY_PREVIOUS)."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        do {
            try await prepareDatabase(app, seedDemo: false)
            if app.prakat.twoFactorKey != nil {
                let count = try await TwoFactorKeys.reseal(app, with: app.twoFactorKeys)
                context.console.print(
                    "ปิดผนึกรหัสลับสองขั้นตอนใหม่ \(count) รายการด้วยกุญแจ \(app.twoFactorKeys.current.id) (re-sealed \(count) secrets); now remove PRAKAT_2FA_KEY_PREVIOUS and restart every instance"
                )
            } else {
                let (keyID, count) = try await TwoFactorKeys.rotateKeyFile(app)
                context.console.print(
                    "สร้างกุญแจใหม่ \(keyID) และปิดผนึกรหัสลับสองขั้นตอนใหม่ \(count) รายการ (new key \(keyID), \(count) secrets re-sealed); "
                        + "a running server reads it at its next two-factor sign-in")
            }
        } catch let problem as TwoFactorKeys.Problem {
            context.console.error(problem.description)
            app.exitCode = 1
        }
    }
}

/// The keys two-factor secrets are sealed with, shared by every request. `rotate-2fa-key` runs as
/// a command of its own beside the server: it re-seals every secret with a new key in the key
/// file, and a server that was not restarted then held none of the keys the secrets named and
/// refused every code as wrong, without a word. When a secret names a key it does not hold, the
/// keyring reads the key files again (not with `PRAKAT_2FA_KEY`: only a restart changes the
/// environment, and the log says so).
final class TwoFactorKeyring: Sendable {
    private let keys: NIOLockedValueBox<SecretKeyring>
    /// Nil when the key comes from the environment.
    private let config: PrakatConfiguration?
    private static let logger = Logger(label: "prakat.two-factor")

    init(_ keys: SecretKeyring, reloadingFrom config: PrakatConfiguration?) {
        self.keys = NIOLockedValueBox(keys)
        self.config = config
    }

    /// The keys held now: new secrets are sealed with their current key.
    var current: SecretKeyring {
        get { keys.withLockedValue { $0 } }
        set { keys.withLockedValue { $0 = newValue } }
    }

    /// The keys to open `stored` with: those held, or the key files' as they are now when it names
    /// a key not held (kept from then on, so new secrets are sealed with the rotated key too).
    func keys(toOpen stored: String) -> SecretKeyring {
        let held = current
        guard let keyID = SecretKeyring.keyID(of: stored), !held.holds(keyID) else { return held }
        guard let config else {
            Self.logger.error(
                "a two-factor secret is sealed with key \(keyID), which PRAKAT_2FA_KEY / PRAKAT_2FA_KEY_PREVIOUS do not hold: restart with the key it was sealed with")
            return held
        }
        do {
            guard let reloaded = try TwoFactorKeys.reloadFiles(config, naming: keyID) else {
                Self.logger.error(
                    "a two-factor secret is sealed with key \(keyID), which no key file in the data directory holds (restored from another machine without its 2fa.key?)")
                return held
            }
            current = reloaded
            Self.logger.notice("two-factor keys read again from the key file after a rotation: sealing with key \(keyID) now")
            return reloaded
        } catch {
            Self.logger.error("two-factor key files unreadable: \(error)")
            return held
        }
    }
}
