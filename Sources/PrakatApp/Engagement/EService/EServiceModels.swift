import Fluent
import Foundation
import PrakatCore

/// A kind of request citizens can file (seed 1 §1.9): its own extra fields, the unit that
/// answers it, its due time in working days, whether a name is needed, whether it is secret.
final class ServiceType: Model, @unchecked Sendable {
    static let schema = "eservice_types"

    @ID(key: .id) var id: UUID?
    /// Its address: `/eservice/<slug>`.
    @Field(key: "slug") var slug: String
    @Field(key: "name_th") var nameTh: String
    @Field(key: "description") var summary: String
    /// Extra fields of the form, one per line; a line ending in `*` is required.
    @Field(key: "fields_spec") var fieldsSpec: String
    @OptionalField(key: "unit_id") var unitID: UUID?
    @Field(key: "due_working_days") var dueWorkingDays: Int
    @Field(key: "allows_anonymous") var allowsAnonymous: Bool
    /// Seen only by the people named for it (`ServiceTypePerson`), e.g. corruption complaints (MOIT 9).
    @Field(key: "confidential") var confidential: Bool
    /// Withdrawn types keep their requests but take no new ones.
    @Field(key: "active") var active: Bool
    @Field(key: "position") var position: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var fields: [ServiceTypeField] { ServiceTypeField.parse(fieldsSpec) }
}

/// One extra field of a type's form.
struct ServiceTypeField: Sendable, Equatable, Codable {
    var label: String
    var required: Bool

    static let maxFields = 10
    static let labelLimit = 100

    static func parse(_ spec: String) -> [ServiceTypeField] {
        spec.split(whereSeparator: \.isNewline).compactMap { line in
            var label = line.trimmingCharacters(in: .whitespaces)
            let required = label.hasSuffix("*")
            if required { label = String(label.dropLast()).trimmingCharacters(in: .whitespaces) }
            return label.isEmpty ? nil : ServiceTypeField(label: label, required: required)
        }
    }
}

/// A person the agency named for a confidential type.
final class ServiceTypePerson: Model, @unchecked Sendable {
    static let schema = "eservice_type_people"

    @ID(key: .id) var id: UUID?
    @Field(key: "type_id") var typeID: UUID
    @Field(key: "user_id") var userID: UUID

    init() {}

    init(typeID: UUID, userID: UUID) {
        self.id = UUID()
        self.typeID = typeID
        self.userID = userID
    }
}

/// A day offices are closed; counts against due dates.
final class PublicHoliday: Model, @unchecked Sendable {
    static let schema = "public_holidays"

    @ID(key: .id) var id: UUID?
    /// `YYYY-MM-DD`, Gregorian.
    @Field(key: "day") var day: String
    @Field(key: "name") var name: String

    init() {}

    init(day: CalendarDate, name: String) {
        self.id = UUID()
        self.day = day.iso
        self.name = name
    }

    var date: CalendarDate? { CalendarDate(iso: day) }
}

/// A citizen's request or complaint.
final class ServiceRequest: Model, @unchecked Sendable {
    static let schema = "eservice_requests"

    @ID(key: .id) var id: UUID?
    @Field(key: "fiscal_year") var fiscalYear: Int
    @Field(key: "number") var number: Int
    @Field(key: "tracking_code") var trackingCode: String
    @Field(key: "type_id") var typeID: UUID
    @Field(key: "subject") var subject: String
    @Field(key: "message") var message: String
    /// The type's extra fields as answered: a JSON list of `{label, value}`.
    @Field(key: "extra_fields") var extraFieldsJSON: String
    @OptionalField(key: "requester_name") var requesterName: String?
    @OptionalField(key: "requester_phone") var requesterPhone: String?
    @OptionalField(key: "requester_email") var requesterEmail: String?
    /// When the citizen accepted the PDPA notice (required to file).
    @Field(key: "consent_at") var consentAt: Date
    @Field(key: "channel") var channelRaw: String
    @Field(key: "secret_hash") var secretHash: String
    @Field(key: "state") var stateRaw: String
    @OptionalField(key: "unit_id") var unitID: UUID?
    @OptionalField(key: "assignee_id") var assigneeID: UUID?
    @Field(key: "submitted_at") var submittedAt: Date
    @Field(key: "due_at") var dueAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "outcome") var outcome: String?
    @OptionalField(key: "rated_at") var ratedAt: Date?
    /// When the overdue notice went out, so it goes once per lapse.
    @OptionalField(key: "overdue_noticed_at") var overdueNoticedAt: Date?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var state: ServiceRequestState { ServiceRequestState(rawValue: stateRaw) ?? .received }
    var channel: ServiceChannel { ServiceChannel(rawValue: channelRaw) ?? .web }

    func isOverdue(at now: Date) -> Bool { state.isOpen && dueAt < now }

    struct ExtraField: Codable, Sendable, Equatable {
        var label: String
        var value: String
    }

    var extraFields: [ExtraField] {
        (try? JSONDecoder().decode([ExtraField].self, from: Data(extraFieldsJSON.utf8))) ?? []
    }
}

/// One entry of a request's timeline: arrival, assignment, replies, notes, the citizen's added
/// information, closing, reopening, the rating.
final class ServiceEvent: Model, @unchecked Sendable {
    static let schema = "eservice_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "kind") var kindRaw: String
    @OptionalField(key: "message") var message: String?
    /// Nil for the citizen.
    @OptionalField(key: "actor_id") var actorID: UUID?
    @OptionalField(key: "unit_id") var unitID: UUID?
    @OptionalField(key: "assignee_id") var assigneeID: UUID?
    /// Set when a public reply became a public question and answer.
    @OptionalField(key: "question_id") var questionID: UUID?
    @Field(key: "at") var at: Date

    init() {}

    var kind: ServiceEventKind? { ServiceEventKind(rawValue: kindRaw) }
}

/// A file the citizen sent (checked by content like publication attachments; bytes in `blobs`).
final class ServiceFile: Model, @unchecked Sendable {
    static let schema = "eservice_files"

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @OptionalField(key: "event_id") var eventID: UUID?
    @Field(key: "file_name") var fileName: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
