import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

/// Issue 15 §3: two-factor secrets are sealed with AES-GCM under a key that lives outside the
/// database, readable ones are sealed at start, the key can be rotated, and a backup holds only
/// ciphertext.
@Suite("Two-factor secrets at rest")
struct TwoFactorKeyTests {
    private func row(_ app: Application, _ user: User) async throws -> UserTwoFactor {
        try #require(try await UserTwoFactor.query(on: app.db).filter(\.$user.$id == user.id!).first())
    }

    /// Signs in with password and the code an authenticator shows for `secret`.
    private func signIn(_ app: Application, _ user: User, secret: String, clock: FixedClock) async throws -> Bool {
        clock.advance(by: 30)
        let browser = Browser(app)
        try await browser.signIn(user.username)
        let code = OneTimePassword(secret: try #require(Base32.decode(secret))).code(at: clock.now())
        return try await browser.post("/login/two-factor", ["code": code]).status == .seeOther
    }

    /// Restored onto a machine without the kept key, every enrolled person's code was "wrong"
    /// and nothing said why; now restore, every start and doctor count what the key cannot open.
    @Test func secretsTheKeyCannotOpenAreCountedAndDoctorSaysSo() async throws {
        try await withPrakat { app, fixtures, clock in
            try await enrolTwoFactor(app, fixtures.staff, clock: clock)
            #expect(try await TwoFactorKeys.unopenableSecrets(app) == 0)
            app.twoFactorKeys = SecretKeyring(current: .generate())  // another machine's new key
            #expect(try await TwoFactorKeys.unopenableSecrets(app) == 1)
            let probes = DoctorProbes(freeBytes: { _ in 10 << 30 }, clockSync: app.clockSyncProbe, environment: [:], mailServer: { _ in nil })
            let findings = await Doctor(app: app, config: app.prakat, probes: probes).run()
            #expect(findings.contains { $0.level == .mustFix && $0.message == OperationsText.twoFactorSecretsUnopenable(1) })
        }
    }

    /// A key file others can read stops every start with a configuration error; `prakat doctor`
    /// stopped there too, so the one tool meant to list what is wrong listed nothing. It now
    /// lists it among its other findings.
    @Test func doctorListsALooseKeyFileInsteadOfStoppingAtIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prakat-2fa-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = try PrakatConfiguration.fromEnvironment(["PRAKAT_DATA_DIR": directory, "PRAKAT_DEMO": "0", "PRAKAT_BCRYPT_COST": "4"])
        _ = try AppDependencies.make(config, clock: FixedClock(Date(timeIntervalSince1970: 1_770_606_000)))
        let keyFile = TwoFactorKeys.path(TwoFactorKeys.fileName, in: config)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyFile)
        #expect(throws: PrakatConfiguration.Problem.self) { try AppDependencies.make(config, clock: SystemClock()) }

        let app = try await Application.make(.testing)
        app.environment.arguments = ["prakat", "doctor"]
        do {
            try await configure(app, configuration: config, clock: FixedClock(Date(timeIntervalSince1970: 1_770_606_000)))
            #expect(app.dependencies.twoFactorKeyProblem != nil)
            let probes = DoctorProbes(freeBytes: { _ in 10 << 30 }, clockSync: app.clockSyncProbe, environment: [:], mailServer: { _ in nil })
            let findings = await Doctor(app: app, config: config, probes: probes).run()
            #expect(findings.contains { $0.level == .mustFix && $0.message == DoctorText.twoFactorKeyOpen(keyFile, "644") })
            #expect(findings.count > 5, "and the other checks ran")
        } catch {
            Issue.record(error)
        }
        try await app.asyncShutdown()
    }

    @Test func theSecretIsStoredSealedAndTheKeyFileIsTheOwnersOnly() async throws {
        try await withPrakat { app, fixtures, clock in
            try await enrolTwoFactor(app, fixtures.staff, clock: clock)
            let stored = try await row(app, fixtures.staff)
            let secret = try #require(stored.secret(app.twoFactorKeys))
            #expect(stored.storedSecret.hasPrefix("aesgcm1:" + app.twoFactorKeys.current.id + ":"))
            #expect(!stored.storedSecret.contains(secret))
            let keyFile = TwoFactorKeys.path(TwoFactorKeys.fileName, in: app.prakat)
            let mode = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? NSNumber
            #expect(mode?.uint16Value == 0o600)
            #expect(try await signIn(app, fixtures.staff, secret: secret, clock: clock))

            // Copied into another person's row, the sealed value does not open: fail closed.
            try await enrolTwoFactor(app, fixtures.admin, clock: clock)
            let other = try await row(app, fixtures.admin)
            other.storedSecret = stored.storedSecret
            try await other.update(on: app.db)
            #expect(other.secret(app.twoFactorKeys) == nil)
            #expect(!(try await signIn(app, fixtures.admin, secret: secret, clock: clock)))
        }
    }

    @Test func readableSecretsFromBeforeAreSealedAtStartAndStillWork() async throws {
        try await withPrakat { app, fixtures, clock in
            let secret = Base32.encode(OneTimePassword.makeSecret())
            let old = UserTwoFactor(userID: fixtures.staff.id!, sealedSecret: secret, createdAt: clock.now())
            old.enabledAt = clock.now()
            try await old.create(on: app.db)
            #expect(try await TwoFactorKeys.sealReadableSecrets(app) == 1)
            let stored = try await row(app, fixtures.staff)
            #expect(SecretKeyring.isSealed(stored.storedSecret))
            #expect(!stored.storedSecret.contains(secret))
            #expect(try await TwoFactorKeys.sealReadableSecrets(app) == 0)
            #expect(try await signIn(app, fixtures.staff, secret: secret, clock: clock))
        }
    }

    @Test func aBackupHoldsOnlyCiphertextAndNotTheKey() async throws {
        try await withPrakat { app, fixtures, clock in
            try await enrolTwoFactor(app, fixtures.staff, clock: clock)
            let secret = try #require(try await row(app, fixtures.staff).secret(app.twoFactorKeys))
            let archive = BackupFiles.temporaryPath("backup.tar.gz")
            defer { try? FileManager.default.removeItem(atPath: archive) }
            try await Backup.create(app, by: "test", to: archive)
            let files = try BackupFiles.entries(ofArchive: archive)
            #expect(!files.contains { $0.name.contains("2fa") })
            let keyText = app.twoFactorKeys.current.base64
            for file in files {
                let text = String(decoding: file.data, as: UTF8.self)
                #expect(!text.contains(secret), "\(file.name) holds the readable secret")
                #expect(!text.contains(keyText), "\(file.name) holds the key")
            }
            if app.prakat.databaseURL == nil {
                let database = try #require(files.first { $0.name.hasSuffix(Backup.sqliteName) })
                #expect(String(decoding: database.data, as: UTF8.self).contains("aesgcm1:"), "the sealed secret is in the backup")
            }
        }
    }

    @Test func rotatingTheKeyFileResealsEverySecretAndForgetsTheOldKey() async throws {
        try await withPrakat { app, fixtures, clock in
            try await enrolTwoFactor(app, fixtures.staff, clock: clock)
            let secret = try #require(try await row(app, fixtures.staff).secret(app.twoFactorKeys))
            let oldKey = app.twoFactorKeys.current
            let (keyID, count) = try await TwoFactorKeys.rotateKeyFile(app)
            #expect(count == 1)
            #expect(keyID != oldKey.id)
            let stored = try await row(app, fixtures.staff)
            #expect(SecretKeyring.keyID(of: stored.storedSecret) == keyID)
            #expect(SecretKeyring(current: oldKey).open(stored.storedSecret, context: UserTwoFactor.context(userID: fixtures.staff.id!)) == nil)
            let reloaded = try TwoFactorKeys.load(app.prakat)
            #expect(reloaded.current.id == keyID)
            #expect(reloaded.previous.isEmpty, "the old key file is gone")
            #expect(try await signIn(app, fixtures.staff, secret: secret, clock: clock))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "two_factor.key_rotated").count() == 1)
        }
    }

    /// `rotate-2fa-key` runs as a command of its own: the server, not restarted, held only the
    /// old key and refused every code as wrong. It reads the key file again when a secret names a
    /// key it does not hold, and seals with the new key from then on.
    @Test func aServerNotRestartedAfterARotationReadsTheNewKeyFile() async throws {
        try await withPrakat { app, fixtures, clock in
            try await enrolTwoFactor(app, fixtures.staff, clock: clock)
            let secret = try #require(try await row(app, fixtures.staff).secret(app.twoFactorKeys))
            let running = app.twoFactorKeys
            let (keyID, _) = try await TwoFactorKeys.rotateKeyFile(app)
            app.twoFactorKeys = running  // what the server's process still holds
            #expect(!running.holds(keyID))
            #expect(try await signIn(app, fixtures.staff, secret: secret, clock: clock))
            #expect(app.twoFactorKeys.current.id == keyID)
        }
    }

    @Test func withTheKeySettingAChangeOfKeyGoesThroughThePreviousOne() async throws {
        let first = SecretKey.generate(), second = SecretKey.generate()
        try await withPrakat(environment: ["PRAKAT_2FA_KEY": first.base64]) { app, fixtures, clock in
            try await enrolTwoFactor(app, fixtures.staff, clock: clock)
            let secret = try #require(try await row(app, fixtures.staff).secret(app.twoFactorKeys))
            #expect(!FileManager.default.fileExists(atPath: TwoFactorKeys.path(TwoFactorKeys.fileName, in: app.prakat)))
            let changing = try PrakatConfiguration.fromEnvironment(["PRAKAT_2FA_KEY": second.base64, "PRAKAT_2FA_KEY_PREVIOUS": first.base64])
            app.twoFactorKeys = try TwoFactorKeys.load(changing)
            #expect(try await TwoFactorKeys.reseal(app, with: app.twoFactorKeys) == 1)
            app.twoFactorKeys = SecretKeyring(current: second)
            #expect(try await signIn(app, fixtures.staff, secret: secret, clock: clock))
            // Without the previous key nothing can be re-sealed, and nothing changes.
            app.twoFactorKeys = SecretKeyring(current: .generate())
            await #expect(throws: TwoFactorKeys.Problem.self) { try await TwoFactorKeys.reseal(app, with: app.twoFactorKeys) }
        }
        #expect(throws: PrakatConfiguration.Problem.self) { try PrakatConfiguration.fromEnvironment(["PRAKAT_2FA_KEY": "too short"]) }
        #expect(throws: PrakatConfiguration.Problem.self) { try PrakatConfiguration.fromEnvironment(["PRAKAT_2FA_KEY_PREVIOUS": first.base64]) }
    }
}
