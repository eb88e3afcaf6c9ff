import Fluent
import Foundation
import PrakatCore
import Vapor

/// Every write of questionnaires and attendance lists, each with its audit entry in the same
/// transaction. Built from explicit dependencies; the pages decide who may call it.
struct EvaluationService {
    let writer: DatabaseWriter
    let audit: AuditTrail
    let clock: any PrakatClock
    let auditActor: AuditActor

    func create(_ questionnaire: PlanQuestionnaire) async throws {
        try await writer.write { tx in
            try await questionnaire.create(on: tx.db)
            try await audit.record(
                AuditEvent(
                    .questionnaireCreated, entityType: "questionnaire", entityID: questionnaire.id?.uuidString,
                    details: ["project": questionnaire.$project.id.uuidString, "activity": String(questionnaire.activity)]),
                by: auditActor, in: tx)
        }
    }

    func toggle(_ questionnaire: PlanQuestionnaire) async throws {
        try await writer.write { tx in
            questionnaire.isOpen.toggle()
            try await questionnaire.update(on: tx.db)
            try await audit.record(
                AuditEvent(
                    questionnaire.isOpen ? .questionnaireOpened : .questionnaireClosed, entityType: "questionnaire",
                    entityID: questionnaire.id?.uuidString), by: auditActor, in: tx)
        }
    }

    /// Keeps one answer per link session; false when this session already answered.
    func recordAnswer(to questionnaireID: UUID, sessionHash: String, answers: [QuestionnaireAnswer]) async throws -> Bool {
        let now = clock.now()
        return try await writer.write { tx in
            if try await PlanResponse.query(on: tx.db).filter(\.$questionnaire.$id == questionnaireID).filter(\.$sessionHash == sessionHash).count() > 0 {
                return false
            }
            let response = PlanResponse()
            response.$questionnaire.id = questionnaireID
            response.sessionHash = sessionHash
            response.answersJSON = PlanJSON.encode(answers)
            response.submittedAt = now
            try await response.create(on: tx.db)
            // Anonymous: the audit entry says that an answer came, not from whom.
            try await audit.record(
                AuditEvent(.questionnaireAnswered, entityType: "questionnaire", entityID: questionnaireID.uuidString),
                by: AuditActor(userID: nil, name: "anonymous", address: "-"), in: tx)
            return true
        }
    }

    /// Adds the people not yet on the activity's list (by name), all in one transaction;
    /// returns how many were added.
    func importAttendees(
        _ people: [Attendee], project projectID: UUID, activity: Int, present: Bool, encoding: String,
        by userID: UUID
    ) async throws -> Int {
        let now = clock.now()
        return try await writer.write { tx in
            var seen = Set(try await PlanAttendee.query(on: tx.db).filter(\.$project.$id == projectID).filter(\.$activity == activity).all().map(\.name))
            var added = 0
            for person in people where seen.insert(person.name).inserted {
                try await attendee(person, project: projectID, activity: activity, source: "csv", present: present, by: userID, at: now).create(on: tx.db)
                added += 1
            }
            try await audit.record(
                AuditEvent(
                    .attendanceImported, entityType: "project", entityID: projectID.uuidString,
                    details: ["activity": String(activity), "added": String(added), "encoding": encoding]),
                by: auditActor, in: tx)
            return added
        }
    }

    /// Marks a person present, adding them when not on the list; false when already present.
    func checkIn(_ person: Attendee, project projectID: UUID, activity: Int, by userID: UUID) async throws -> Bool {
        let now = clock.now()
        return try await writer.write { tx in
            if let existing = try await PlanAttendee.query(on: tx.db).filter(\.$project.$id == projectID).filter(\.$activity == activity)
                .filter(\.$name == person.name).first()
            {
                if existing.present { return false }
                existing.present = true
                existing.recordedAt = now
                try await existing.update(on: tx.db)
            } else {
                try await attendee(person, project: projectID, activity: activity, source: "checkin", present: true, by: userID, at: now).create(on: tx.db)
            }
            try await audit.record(
                AuditEvent(
                    .attendanceCheckedIn, entityType: "project", entityID: projectID.uuidString,
                    details: ["activity": String(activity)]), by: auditActor, in: tx)
            return true
        }
    }

    func togglePresence(_ attendee: PlanAttendee) async throws {
        try await writer.write { tx in
            attendee.present.toggle()
            try await attendee.update(on: tx.db)
            try await audit.record(
                AuditEvent(
                    attendee.present ? .attendanceCheckedIn : .attendanceUnchecked, entityType: "project",
                    entityID: attendee.$project.id.uuidString, details: ["activity": String(attendee.activity)]),
                by: auditActor, in: tx)
        }
    }

    private func attendee(_ person: Attendee, project: UUID, activity: Int, source: String, present: Bool, by userID: UUID, at now: Date) -> PlanAttendee {
        let row = PlanAttendee()
        row.$project.id = project
        row.activity = activity
        row.name = person.name
        row.organisation = person.organisation
        row.position = person.position
        row.source = source
        row.present = present
        row.recordedBy = userID
        row.recordedAt = now
        return row
    }
}

extension Request {
    var evaluation: EvaluationService { EvaluationService(writer: writer, audit: audit, clock: clock, auditActor: auditActor) }
}
