import Fluent
import Foundation
import PrakatCore
import Vapor

/// Ties the traffic log and the audit trail together: every seal records the audit head, and
/// every seal is recorded in the audit trail. Deleting the newest seal and re-sealing an edited
/// day, or cutting the tail off the audit trail, then no longer goes unnoticed.
enum TrafficSealing {
    static let sealedAction = AuditAction.trafficSealed

    @discardableResult
    static func sealFinishedDays(_ app: Application) async throws -> [TrafficSeal] {
        let head = try await AuditEntry.query(on: app.db).sort(\.$sequence, .descending).first()
        let anchor = head.map { AuditAnchor(sequence: $0.sequence, hash: $0.hash) } ?? .none
        let sealed = try await app.trafficLog.sealFinishedDays(anchor: anchor)
        let instance = try await app.trafficLog.instanceID()
        // A seal written just before the process died (SIGKILL, power cut) never reached the
        // audit trail: record it now, so every seal on disk is vouched for by the trail.
        let unrecorded = try await sealsMissingFromAudit(app, instance: instance, ignoring: Set(sealed.map(\.day)))
        let toRecord = (unrecorded + sealed).sorted { $0.day < $1.day }
        guard !toRecord.isEmpty else { return [] }
        let audit = app.audit
        try await app.writer.write { tx in
            for seal in toRecord {
                try await audit.record(
                    AuditEvent(
                        sealedAction, entityType: "traffic-day", entityID: seal.day,
                        details: ["instance": instance, "sha256": seal.sha256, "chain": seal.chain, "lines": String(seal.lines)]),
                    by: .system("traffic-log"), in: tx)
            }
        }
        return sealed
    }

    /// This instance's seals that no `traffic.sealed` entry mentions.
    static func sealsMissingFromAudit(_ app: Application, instance: String, ignoring: Set<String> = []) async throws -> [TrafficSeal] {
        let seals = try await app.trafficLog.existingSeals()
        guard !seals.isEmpty else { return [] }
        var recorded = Set<String>()
        for record in try await AuditEntry.query(on: app.db).filter(\.$action == sealedAction.rawValue).all() {
            guard let day = record.entityID,
                let details = try? JSONDecoder().decode([String: String].self, from: Data(record.details.utf8)),
                details["instance"] == instance
            else { continue }
            recorded.insert(day)
        }
        return seals.values.filter { !recorded.contains($0.day) && !ignoring.contains($0.day) }
    }

    /// Seals of this instance whose audit record says something else (or that the audit trail
    /// recorded but which are gone).
    static func sealsDisagreeingWithAudit(_ app: Application) async throws -> [String] {
        let instance = try await app.trafficLog.instanceID()
        let seals = try await app.trafficLog.existingSeals()
        let files = try await app.trafficLog.dayFiles()
        var problems: [String] = []
        let records = try await AuditEntry.query(on: app.db).filter(\.$action == sealedAction.rawValue).sort(\.$sequence).all()
        for record in records {
            guard let details = try? JSONDecoder().decode([String: String].self, from: Data(record.details.utf8)),
                details["instance"] == instance, let day = record.entityID
            else { continue }
            guard let seal = seals[day] else {
                if files[day] != nil { problems.append("\(day): the audit trail recorded a seal (entry \(record.sequence)) that is gone") }
                continue
            }
            if seal.chain != details["chain"] || seal.sha256 != details["sha256"] {
                problems.append("\(day): the seal differs from the one recorded in audit entry \(record.sequence)")
            }
        }
        return problems
    }

    /// Audit heads recorded in seals that the audit trail no longer has: its tail was cut or rewritten.
    static func missingAuditAnchors(_ app: Application) async throws -> [String] {
        var problems: [String] = []
        for seal in try await app.trafficLog.existingSeals().values.sorted(by: { $0.day < $1.day }) where seal.auditSequence > 0 {
            let entry = try await AuditEntry.query(on: app.db).filter(\.$sequence == seal.auditSequence).first()
            if entry?.hash != seal.auditHash {
                problems.append(
                    "the traffic seal of \(seal.day) saw audit entry \(seal.auditSequence) with hash \(seal.auditHash.prefix(12))…, which the audit trail no longer has")
            }
        }
        return problems
    }
}
