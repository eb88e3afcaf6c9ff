import Fluent
import Foundation
import PrakatCore
import SQLKit
import Vapor

/// One line of `prakat doctor`'s report.
struct DoctorFinding: Sendable, Equatable {
    enum Level: Int, Sendable, Comparable {
        case ok, advice, mustFix
        static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

        var symbol: String {
            switch self {
            case .ok: "✓"
            case .advice: "!"
            case .mustFix: "✗"
            }
        }
    }

    var level: Level
    /// What was checked, in Thai ("นาฬิกาของเครื่อง").
    var topic: String
    /// What was found and, unless it is fine, what to do about it.
    var message: String

    var line: String { "\(level.symbol) \(topic): \(message)" }
}

/// What the doctor reads from the machine, replaceable in tests.
struct DoctorProbes: Sendable {
    var freeBytes: @Sendable (String) -> Int64?
    var clockSync: any ClockSyncProbe
    var environment: [String: String]
    /// Connects to the mail server and says hello (no mail is sent); nil when it answered.
    var mailServer: @Sendable (MailSettings) async -> String?

    static func system(_ app: Application) -> DoctorProbes {
        DoctorProbes(
            freeBytes: { path in
                guard let attributes = try? FileManager.default.attributesOfFileSystem(forPath: path),
                    let free = attributes[.systemFreeSize] as? NSNumber
                else { return nil }
                return free.int64Value
            },
            clockSync: app.clockSyncProbe,
            environment: ProcessInfo.processInfo.environment,
            mailServer: { settings in await SMTPClient.probe(settings) })
    }
}

/// `prakat doctor`: checks an install the way an experienced operator would before going live
/// and after every upgrade, and says in Thai what to fix. Every check is independent: one that
/// fails does not hide the others.
struct Doctor {
    let app: Application
    let config: PrakatConfiguration
    let probes: DoctorProbes

    static let minimumFreeBytes: Int64 = 1 << 30
    static let comfortableFreeBytes: Int64 = 5 << 30
    static let backupMaxAge: TimeInterval = 7 * 86_400

    func run() async -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        findings += await database()
        findings.append(clock())
        findings.append(disk())
        findings += tools()
        findings.append(logRetention())
        findings.append(await backup())
        findings += tlsAndProxy()
        findings.append(await mail())
        findings.append(twoFactorKey())
        return findings
    }

    // MARK: Checks

    private func database() async -> [DoctorFinding] {
        let topic = DoctorText.database
        do {
            try await DatabaseSetup.prepare(app.db, schema: config.databaseSchema)
            guard let sql = app.db as? any SQLDatabase else { return [DoctorFinding(level: .mustFix, topic: topic, message: DoctorText.databaseUnknown)] }
            let applied = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: "_fluent_migrations")").first(decoding: CountRow.self)?.n ?? 0
            var findings: [DoctorFinding] = []
            let expected = PrakatMigrations.all.count
            if applied < expected {
                findings.append(DoctorFinding(level: .mustFix, topic: topic, message: DoctorText.migrationsPending(expected - applied)))
            } else {
                findings.append(DoctorFinding(level: .ok, topic: topic, message: DoctorText.databaseReady(config.databaseURL == nil ? "SQLite" : "PostgreSQL")))
            }
            let admins = try await User.query(on: app.db).all().filter { $0.has(.administrator) && $0.isActive }.count
            findings.append(
                admins == 0
                    ? DoctorFinding(level: .mustFix, topic: DoctorText.accounts, message: DoctorText.noAdministrator)
                    : DoctorFinding(level: .ok, topic: DoctorText.accounts, message: DoctorText.administrators(admins)))
            // With the key unreadable every secret would look unopenable: the key's finding says why.
            let unopenable = app.dependencies.twoFactorKeyProblem == nil ? try await TwoFactorKeys.unopenableSecrets(app) : 0
            if unopenable > 0 {
                findings.append(DoctorFinding(level: .mustFix, topic: DoctorText.twoFactorKey, message: OperationsText.twoFactorSecretsUnopenable(unopenable)))
            }
            let profile = try await AgencyProfile.load(on: app.db)
            findings.append(
                profile.configured
                    ? DoctorFinding(level: .ok, topic: DoctorText.agency, message: profile.nameTh)
                    : DoctorFinding(level: .mustFix, topic: DoctorText.agency, message: DoctorText.agencyNotSet))
            return findings
        } catch {
            return [DoctorFinding(level: .mustFix, topic: topic, message: DoctorText.databaseUnreachable(DatabaseErrorText.describe(error)))]
        }
    }

    private struct CountRow: Decodable { var n: Int }

    private func clock() -> DoctorFinding {
        switch probes.clockSync.status() {
        case .synchronised: DoctorFinding(level: .ok, topic: DoctorText.clock, message: DoctorText.clockSynchronised)
        case .unsynchronised: DoctorFinding(level: .mustFix, topic: DoctorText.clock, message: DoctorText.clockUnsynchronised)
        case .unknown: DoctorFinding(level: .advice, topic: DoctorText.clock, message: DoctorText.clockUnknown)
        }
    }

    private func disk() -> DoctorFinding {
        guard let free = probes.freeBytes(config.dataDirectory) else {
            return DoctorFinding(level: .mustFix, topic: DoctorText.disk, message: DoctorText.dataDirectoryMissing(config.dataDirectory))
        }
        let text = DoctorText.freeSpace(free, config.dataDirectory)
        if free < Self.minimumFreeBytes { return DoctorFinding(level: .mustFix, topic: DoctorText.disk, message: text + " " + DoctorText.diskTooFull) }
        if free < Self.comfortableFreeBytes { return DoctorFinding(level: .advice, topic: DoctorText.disk, message: text + " " + DoctorText.diskLow) }
        return DoctorFinding(level: .ok, topic: DoctorText.disk, message: text)
    }

    private func tools() -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        if let chromium = config.chromiumPath, FileManager.default.isExecutableFile(atPath: chromium) {
            findings.append(DoctorFinding(level: .ok, topic: "chromium", message: chromium))
        } else {
            findings.append(DoctorFinding(level: .advice, topic: "chromium", message: DoctorText.chromiumMissing))
        }
        if let qrencode = config.qrencodePath, FileManager.default.isExecutableFile(atPath: qrencode) {
            findings.append(DoctorFinding(level: .ok, topic: "qrencode", message: qrencode))
        } else {
            findings.append(DoctorFinding(level: .advice, topic: "qrencode", message: DoctorText.qrencodeMissing))
        }
        if let thumbnailer = config.thumbnailerPath, FileManager.default.isExecutableFile(atPath: thumbnailer) {
            findings.append(DoctorFinding(level: .ok, topic: DoctorText.thumbnailer, message: thumbnailer))
        } else {
            findings.append(DoctorFinding(level: .advice, topic: DoctorText.thumbnailer, message: DoctorText.thumbnailerMissing))
        }
        return findings
    }

    private func logRetention() -> DoctorFinding {
        let directory = config.trafficLogDirectory
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard FileManager.default.isWritableFile(atPath: directory) else {
            return DoctorFinding(level: .mustFix, topic: DoctorText.trafficLog, message: DoctorText.trafficNotWritable(directory))
        }
        return DoctorFinding(level: .ok, topic: DoctorText.trafficLog, message: DoctorText.retention(config.logRetentionDays, directory))
    }

    private func backup() async -> DoctorFinding {
        let latest = try? await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.backupCreated.rawValue).sort(\.$sequence, .descending).first()
        let onPostgres = config.databaseURL != nil
        guard let latest else {
            return DoctorFinding(level: onPostgres ? .advice : .mustFix, topic: DoctorText.backup, message: onPostgres ? DoctorText.postgresBackup : DoctorText.noBackup)
        }
        let age = app.clock.now().timeIntervalSince(latest.at)
        let text = DoctorText.lastBackup(days: Int(age / 86_400))
        if age > Self.backupMaxAge, !onPostgres { return DoctorFinding(level: .mustFix, topic: DoctorText.backup, message: text + " " + DoctorText.backupTooOld) }
        return DoctorFinding(level: .ok, topic: DoctorText.backup, message: text + (onPostgres ? " " + DoctorText.postgresBackup : ""))
    }

    private func tlsAndProxy() -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        let url = URL(string: config.publicBaseURL)
        let host = url?.host ?? ""
        let local = host == "localhost" || host == "127.0.0.1" || host == "::1"
        if config.publicBaseURL.lowercased().hasPrefix("https://") {
            findings.append(DoctorFinding(level: .ok, topic: DoctorText.publicAddress, message: config.publicBaseURL))
        } else {
            findings.append(DoctorFinding(level: local ? .advice : .mustFix, topic: DoctorText.publicAddress, message: DoctorText.notHTTPS(config.publicBaseURL)))
        }
        if let cert = config.tlsCertificatePath, let key = config.tlsKeyPath {
            let readable = FileManager.default.isReadableFile(atPath: cert) && FileManager.default.isReadableFile(atPath: key)
            findings.append(
                DoctorFinding(level: readable ? .ok : .mustFix, topic: "TLS", message: readable ? DoctorText.tlsDirect(cert) : DoctorText.tlsUnreadable(cert, key)))
        }
        let listensLocally = config.host == "127.0.0.1" || config.host == "localhost" || config.host == "::1"
        if config.trustedProxies.isEmpty {
            // Behind nginx without a trusted proxy, every visitor looks like 127.0.0.1 in the
            // traffic log that the Computer Crime Act requires.
            findings.append(
                DoctorFinding(level: listensLocally && !local ? .mustFix : .advice, topic: DoctorText.proxy, message: DoctorText.noTrustedProxy))
        } else {
            findings.append(DoctorFinding(level: .ok, topic: DoctorText.proxy, message: DoctorText.trustedProxies(config.trustedProxies.count)))
        }
        return findings
    }

    private func mail() async -> DoctorFinding {
        guard let raw = probes.environment[MailSettings.environmentVariable]?.nonEmpty else {
            return DoctorFinding(level: .advice, topic: DoctorText.mail, message: DoctorText.mailNotSet)
        }
        let settings: MailSettings
        do {
            settings = try MailSettings(url: raw, from: probes.environment[MailSettings.senderEnvironmentVariable]?.nonEmpty)
        } catch {
            return DoctorFinding(level: .mustFix, topic: DoctorText.mail, message: DoctorText.mailInvalid(error.thaiMessage))
        }
        if let problem = await probes.mailServer(settings) {
            return DoctorFinding(level: .mustFix, topic: DoctorText.mail, message: DoctorText.mailUnreachable(settings.redacted, problem))
        }
        return DoctorFinding(level: .ok, topic: DoctorText.mail, message: settings.redacted)
    }

    private func twoFactorKey() -> DoctorFinding {
        let path = (config.dataDirectory as NSString).appendingPathComponent("2fa.key")
        let mode = ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue
        if config.twoFactorKey == nil, let mode, mode & 0o077 != 0 {
            return DoctorFinding(level: .mustFix, topic: DoctorText.twoFactorKey, message: DoctorText.twoFactorKeyOpen(path, String(mode, radix: 8)))
        }
        // Not a key, or the previous one after a rotation unreadable: what the start would have said.
        if let problem = app.dependencies.twoFactorKeyProblem { return DoctorFinding(level: .mustFix, topic: DoctorText.twoFactorKey, message: problem) }
        if config.twoFactorKey != nil { return DoctorFinding(level: .ok, topic: DoctorText.twoFactorKey, message: DoctorText.twoFactorFromEnvironment) }
        guard mode != nil else { return DoctorFinding(level: .advice, topic: DoctorText.twoFactorKey, message: DoctorText.twoFactorKeyMissing(path)) }
        return DoctorFinding(level: .ok, topic: DoctorText.twoFactorKey, message: DoctorText.twoFactorKeyPrivate(path))
    }
}
