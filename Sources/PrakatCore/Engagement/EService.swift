import Foundation

/// Where a citizen's e-Service request stands. Raw values are the API's state words.
public enum ServiceRequestState: String, CaseIterable, Sendable, Codable, Hashable {
    case received
    case assigned
    case inProgress
    case answered
    case closed

    public var thaiName: String {
        switch self {
        case .received: "รับเรื่องแล้ว"
        case .assigned: "ส่งหน่วยงานรับผิดชอบแล้ว"
        case .inProgress: "กำลังดำเนินการ"
        case .answered: "ตอบกลับแล้ว"
        case .closed: "ปิดเรื่องแล้ว"
        }
    }

    public var isOpen: Bool { self != .closed }
}

/// How a request reached the agency (the statistics count them apart, MOIT 10).
public enum ServiceChannel: String, CaseIterable, Sendable, Codable, Hashable {
    case web
    case api

    public var thaiName: String {
        switch self {
        case .web: "เว็บไซต์"
        case .api: "แอปพลิเคชัน/ระบบเชื่อมต่อ"
        }
    }
}

/// `2570-000123`: the fiscal year (Buddhist Era) the request arrived in and its number in that
/// year. Numbers are sequential, so a code alone proves nothing: every read needs the secret.
public struct TrackingCode: Hashable, Sendable, CustomStringConvertible {
    public let fiscalYear: Int
    public let number: Int

    public static let numbers: ClosedRange<Int> = 1...999_999

    public init?(fiscalYear: Int, number: Int) {
        guard FiscalYear.inputBEYears.contains(fiscalYear), Self.numbers.contains(number) else { return nil }
        self.fiscalYear = fiscalYear
        self.number = number
    }

    /// Exactly four digits, a hyphen and six digits (ASCII); anything else is not a code.
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 11, bytes[4] == UInt8(ascii: "-") else { return nil }
        func value(_ slice: ArraySlice<UInt8>) -> Int? {
            var result = 0
            for byte in slice {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                result = result * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return result
        }
        guard let year = value(bytes[0..<4]), let number = value(bytes[5..<11]) else { return nil }
        self.init(fiscalYear: year, number: number)
    }

    public var description: String { "\(fiscalYear)-\(number.zeroPadded(6))" }
}

/// The credential a citizen gets with the tracking code. Only its hash is stored; it is
/// compared in constant time, and it never appears in logs (the traffic log redacts `secret`).
public enum ServiceSecret {
    /// Letters and digits that cannot be mistaken for each other when read aloud or copied by hand.
    static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789".utf8)
    public static let length = 16

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }
        return String(decoding: characters, as: UTF8.self)
    }

    public static func hash(_ secret: String) -> String { Digest.sha256Hex(normalised(secret)) }

    /// People copy codes with spaces, hyphens and in lower case; none of that matters.
    static func normalised(_ secret: String) -> String {
        String(secret.uppercased().unicodeScalars.filter { $0 != " " && $0 != "-" }.map(Character.init))
    }

    public static func matches(_ given: String?, storedHash: String) -> Bool {
        guard let given, !given.isEmpty, given.utf8.count <= 64 else { return false }
        let a = Array(hash(given).utf8), b = Array(storedHash.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// Working days for due dates: Monday to Friday except the agency's public holidays (data the
/// administrator keeps up to date).
public struct WorkingDayCalendar: Sendable {
    public var holidays: Set<CalendarDate>

    public init(holidays: Set<CalendarDate>) { self.holidays = holidays }

    public static let dueDays: ClosedRange<Int> = 1...120

    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        // 2001-01-01 was a Monday; ordinal arithmetic avoids any calendar or time-zone table.
        let weekday = ((date.ordinal - CalendarDate(uncheckedYear: 2001, month: 1, day: 1).ordinal) % 7 + 7) % 7
        return weekday < 5 && !holidays.contains(date)
    }

    /// The end (exclusive instant, Bangkok) of the `workingDays`-th working day after the day
    /// the request arrived; the day of arrival itself never counts.
    public func due(after arrival: Date, workingDays: Int) -> Date {
        var day = CalendarDate.bangkok(containing: arrival)
        var left = max(1, min(workingDays, Self.dueDays.upperBound))
        while left > 0 {
            day = day.adding(days: 1)
            if isWorkingDay(day) { left -= 1 }
        }
        return day.endInBangkok
    }
}

/// What a person is, as far as the service desk's rules care.
public struct ServiceDeskActor: Sendable {
    public var userID: UUID
    public var roles: Set<Role>
    public var unitID: UUID?

    public init(userID: UUID, roles: Set<Role>, unitID: UUID?) {
        self.userID = userID
        self.roles = roles
        self.unitID = unitID
    }
}

/// What the rules need to know about one request.
public struct ServiceRequestFacts: Sendable {
    public var state: ServiceRequestState
    public var confidential: Bool
    /// The people the agency named for a confidential type (nobody else sees its requests).
    public var namedPeople: Set<UUID>
    public var unitID: UUID?
    public var assigneeID: UUID?

    public init(state: ServiceRequestState, confidential: Bool, namedPeople: Set<UUID>, unitID: UUID?, assigneeID: UUID?) {
        self.state = state
        self.confidential = confidential
        self.namedPeople = namedPeople
        self.unitID = unitID
        self.assigneeID = assigneeID
    }
}

public enum ServiceDeskAction: String, CaseIterable, Sendable {
    case view, assign, reply, note, close, reopen, publishAsQuestion
}

public enum ServiceDeskDenial: Error, Sendable, Equatable {
    /// Not a person who may see this request at all (answered as "not found").
    case hidden
    case notAllowed
    case closed
    case notClosed
    case confidential

    public var thaiMessage: String {
        switch self {
        case .hidden: "ไม่พบเรื่องนี้"
        case .notAllowed: "ท่านไม่มีสิทธิ์ดำเนินการนี้กับเรื่องนี้"
        case .closed: "เรื่องนี้ปิดแล้ว ต้องเปิดเรื่องใหม่ก่อนดำเนินการ"
        case .notClosed: "เรื่องนี้ยังไม่ได้ปิด"
        case .confidential: "เรื่องประเภทปกปิดเผยแพร่เป็นถาม-ตอบสาธารณะไม่ได้"
        }
    }
}

/// Who may do what with a citizen's request (issue 12 §3).
/// - The service desk sees and triages every ordinary request; people of the assigned unit and
///   the assigned person see theirs and may reply, note and close; auditors read.
/// - A confidential type (complaints of corruption, MOIT 9) is seen only by the people the
///   agency named for it, whatever their role; they do the desk's work for it.
public enum ServiceDeskRules {
    public static func canSee(_ actor: ServiceDeskActor, _ facts: ServiceRequestFacts) -> Bool {
        if facts.confidential { return facts.namedPeople.contains(actor.userID) }
        if actor.roles.contains(.serviceDesk) || actor.roles.contains(.auditor) { return true }
        return isResponsible(actor, facts)
    }

    static func isResponsible(_ actor: ServiceDeskActor, _ facts: ServiceRequestFacts) -> Bool {
        if let assignee = facts.assigneeID, assignee == actor.userID { return true }
        if let unit = facts.unitID, let own = actor.unitID, unit == own { return true }
        return false
    }

    static func isDesk(_ actor: ServiceDeskActor, _ facts: ServiceRequestFacts) -> Bool {
        facts.confidential ? facts.namedPeople.contains(actor.userID) : actor.roles.contains(.serviceDesk)
    }

    public static func denial(_ action: ServiceDeskAction, by actor: ServiceDeskActor, on facts: ServiceRequestFacts) -> ServiceDeskDenial? {
        guard canSee(actor, facts) else { return .hidden }
        let desk = isDesk(actor, facts)
        let responsible = desk || (isResponsible(actor, facts) && !actor.roles.isSubset(of: [.auditor]))
        switch action {
        case .view: return nil
        case .assign:
            guard desk else { return .notAllowed }
            return facts.state == .closed ? .closed : nil
        case .reply, .note, .close:
            guard responsible else { return .notAllowed }
            return facts.state == .closed ? .closed : nil
        case .reopen:
            guard desk else { return .notAllowed }
            return facts.state == .closed ? nil : .notClosed
        case .publishAsQuestion:
            guard desk else { return .notAllowed }
            return facts.confidential ? .confidential : nil
        }
    }

    /// The state after a step: a public reply answers, staff work or a citizen's new
    /// information puts it in progress, reopening goes back to whoever held it.
    public static func state(after event: ServiceEventKind, from state: ServiceRequestState, hasUnit: Bool) -> ServiceRequestState {
        switch event {
        case .submitted: .received
        case .assigned: state == .received || state == .assigned ? .assigned : state
        case .publicReply: .answered
        case .internalNote: state == .received || state == .assigned ? .inProgress : state
        case .citizenInfo: state == .answered ? .inProgress : state
        case .closed: .closed
        case .reopened: hasUnit ? .inProgress : .received
        case .rated: state
        }
    }
}

/// The kinds of entries in a request's timeline. Raw values are stored.
public enum ServiceEventKind: String, CaseIterable, Sendable, Codable {
    case submitted, assigned, publicReply, internalNote, citizenInfo, closed, reopened, rated

    /// What the citizen sees of it on the status page (internal notes: nothing).
    public var isPublic: Bool { self != .internalNote }
}
