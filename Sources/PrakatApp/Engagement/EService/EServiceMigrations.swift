import Fluent
import Foundation
import PrakatCore

/// e-Service types (with the five every agency needs) and the holiday calendar (issue 12 §1).
struct CreateServiceTypes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ServiceType.schema)
            .id()
            .field("slug", .string, .required)
            .field("name_th", .string, .required)
            .field("description", .string, .required)
            .field("fields_spec", .string, .required)
            .field("unit_id", .uuid)
            .field("due_working_days", .int, .required)
            .field("allows_anonymous", .bool, .required)
            .field("confidential", .bool, .required)
            .field("active", .bool, .required)
            .field("position", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "slug")
            .create()
        try await database.schema(ServiceTypePerson.schema)
            .id()
            .field("type_id", .uuid, .required, .references(ServiceType.schema, "id"))
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .unique(on: "type_id", "user_id")
            .create()
        try await database.schema(PublicHoliday.schema)
            .id()
            .field("day", .string, .required)
            .field("name", .string, .required)
            .unique(on: "day")
            .create()
        let start = Date(timeIntervalSince1970: 0)
        for (index, seed) in EServiceText.defaultTypes.enumerated() {
            let type = ServiceType()
            type.id = UUID()
            type.slug = seed.slug
            type.nameTh = seed.name
            type.summary = seed.summary
            type.fieldsSpec = seed.fields
            type.dueWorkingDays = seed.days
            type.allowsAnonymous = seed.anonymous
            type.confidential = seed.confidential
            type.active = true
            type.position = (index + 1) * 10
            type.createdAt = start
            type.updatedAt = start
            try await type.create(on: database)
        }
        for holiday in DefaultPublicHolidays.days {
            guard let day = CalendarDate(iso: holiday.iso) else { continue }
            try await PublicHoliday(day: day, name: holiday.name).create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PublicHoliday.schema).delete()
        try await database.schema(ServiceTypePerson.schema).delete()
        try await database.schema(ServiceType.schema).delete()
    }
}

/// Citizens' requests, their timelines and files (issue 12 §2–§3).
struct CreateServiceRequests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ServiceRequest.schema)
            .id()
            .field("fiscal_year", .int, .required)
            .field("number", .int, .required)
            .field("tracking_code", .string, .required)
            .field("type_id", .uuid, .required, .references(ServiceType.schema, "id"))
            .field("subject", .string, .required)
            .field("message", .string, .required)
            .field("extra_fields", .string, .required)
            .field("requester_name", .string)
            .field("requester_phone", .string)
            .field("requester_email", .string)
            .field("consent_at", .datetime, .required)
            .field("channel", .string, .required)
            .field("secret_hash", .string, .required)
            .field("state", .string, .required)
            .field("unit_id", .uuid)
            .field("assignee_id", .uuid)
            .field("submitted_at", .datetime, .required)
            .field("due_at", .datetime, .required)
            .field("closed_at", .datetime)
            .field("outcome", .string)
            .field("rated_at", .datetime)
            .field("overdue_noticed_at", .datetime)
            .field("updated_at", .datetime, .required)
            .unique(on: "tracking_code")
            .unique(on: "fiscal_year", "number")
            .create()
        try await database.schema(ServiceEvent.schema)
            .id()
            .field("request_id", .uuid, .required, .references(ServiceRequest.schema, "id"))
            .field("kind", .string, .required)
            .field("message", .string)
            .field("actor_id", .uuid)
            .field("unit_id", .uuid)
            .field("assignee_id", .uuid)
            .field("question_id", .uuid)
            .field("at", .datetime, .required)
            .create()
        try await database.schema(ServiceFile.schema)
            .id()
            .field("request_id", .uuid, .required, .references(ServiceRequest.schema, "id"))
            .field("event_id", .uuid)
            .field("file_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        let indexes: [(String, String, [String])] = [
            ("eservice_requests_state_due", ServiceRequest.schema, ["state", "due_at"]),
            ("eservice_requests_submitted", ServiceRequest.schema, ["submitted_at"]),
            ("eservice_events_request", ServiceEvent.schema, ["request_id", "at"]),
            ("eservice_files_request", ServiceFile.schema, ["request_id"])
        ]
        for (name, table, columns) in indexes {
            try await SQLIndex.create(on: database, name: name, table: table, columns: columns)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ServiceFile.schema).delete()
        try await database.schema(ServiceEvent.schema).delete()
        try await database.schema(ServiceRequest.schema).delete()
    }
}
