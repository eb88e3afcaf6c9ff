import Fluent
import Foundation
import PrakatCore
import Vapor

/// View models for the staff side of publishing. Plain values, so pages render from mock data too.
struct RequestSummary: Encodable {
    var id: String
    var path: String
    var title: String
    var state: String
    var stateName: String
    var unitName: String
    var authorName: String
    var categoryName: String
    var urgent: Bool
    var revision: Int
    var updated: String
    var expires: String?
}

struct AttachmentView: Encodable {
    var id: String
    var fileName: String
    var kindName: String
    var size: String
    var sha256: String
    var path: String
    var removePath: String?
    var entries: [String]
    var alt: String?
    var credit: String?
}

struct EventView: Encodable {
    var action: String
    var actionName: String
    var actorName: String
    var at: String
    var reason: String?
    var address: String
}

struct ChecklistOption: Encodable {
    var id: String
    var label: String
    var selected: Bool
}

struct CategoryOption: Encodable {
    var id: String
    var label: String
    var selected: Bool
    var requiresSource: Bool
    var requiresSourceDate: Bool
    var requiresExpiry: Bool
    var defaultDays: Int?
}

enum PublishingFormat {
    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) ไบต์" }
        if bytes < 1024 * 1024 { return String(format: "%.1f KB", Double(bytes) / 1024) }
        return String(format: "%.2f MB", Double(bytes) / 1_048_576)
    }

    static func dateTime(_ date: Date?) -> String? {
        date.map { ThaiDateFormat.long($0, digits: .arabic, showsTime: true) }
    }

    static func date(_ date: Date?) -> String? {
        date.map { ThaiDateFormat.long($0, digits: .arabic) }
    }

    /// `<input type="datetime-local">` value in Bangkok time.
    static func localInput(_ date: Date?) -> String {
        guard let date else { return "" }
        let c = Bangkok.calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard let year = c.year, let month = c.month, let day = c.day, let hour = c.hour, let minute = c.minute else { return "" }
        return String(format: "%04d-%02d-%02dT%02d:%02d", year, month, day, hour, minute)
    }

    /// Parses `YYYY-MM-DDTHH:MM` (Bangkok), a plain date (start of that day in Bangkok), or RFC 3339;
    /// anything outside `CalendarDate.inputYears` is invalid.
    static func parseInstant(_ raw: String?) -> (value: Date?, invalid: Bool) {
        guard let text = raw?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return (nil, false) }
        if let date = RFC3339.parse(text) { return (date, false) }
        let parts = text.split(separator: "T", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let day = CalendarDate.parseInput(String(parts[0])) else { return (nil, true) }
        if parts.count == 1 { return (day.startInBangkok, false) }
        let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(time.count), time.allSatisfy({ $0.count == 2 }),
            let hour = Int(time[0]), let minute = Int(time[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return (nil, true) }
        return (day.startInBangkok.addingTimeInterval(Double(hour * 3600 + minute * 60)), false)
    }

    static func thaiDate(iso: String?) -> String? {
        iso.flatMap(CalendarDate.init(iso:)).map { ThaiDateFormat.long($0, digits: .arabic) }
    }
}

extension PublicationRequest {
    func summary(unitName: String, authorName: String, categoryName: String) -> RequestSummary {
        RequestSummary(
            id: id!.uuidString.lowercased(), path: PublishingRoute.request(id!).path, title: title, state: stateRaw, stateName: state.thaiName,
            unitName: unitName, authorName: authorName, categoryName: categoryName, urgent: urgent, revision: revision,
            updated: PublishingFormat.dateTime(updatedAt) ?? "", expires: PublishingFormat.dateTime(expireAt))
    }
}

extension UUID {
    var lowercased: String { uuidString.lowercased() }
}
