import Fluent
import Foundation
import PrakatCore
import Vapor

/// Attendance of a project's activity: a list imported from CSV (UTF-8 or TIS-620) or staff
/// checking people in, counted by the indicators that use attendance.
struct AttendancePages {
    struct Person: Encodable { var n: Int; var name: String; var organisation: String; var position: String; var present: Bool; var source: String; var presentPath: String }

    struct AttendanceBody: Encodable {
        var stylesheet = PlansRoute.stylesheet
        var projectTitle: String
        var projectPath: String
        var activity: String
        var target: String
        var present: Int
        var registered: Int
        var percent: String
        var people: [Person]
        var importPath: String
        var checkInPath: String
        var canEdit: Bool
        var error: String?
        var name: String
        var organisation: String
        var position: String
        var csvHeader: String
    }

    /// The activity must be one of the project's.
    private func activityNumber(_ activity: Int, _ document: ProjectDocument) throws -> Int {
        guard document.activity(activity) != nil else { throw PrakatError.notFound() }
        return activity
    }

    private func attendancePage(
        _ req: Request, project: PlanProject, activity: Int, error: String? = nil, typed: CheckInForm? = nil, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let document = try project.document
        let number = try activityNumber(activity, document)
        let id = try project.requireID()
        let people = try await PlanAttendee.query(on: req.db).filter(\.$project.$id == id).filter(\.$activity == number).sort(\.$recordedAt).sort(\.$id).all()
        let present = people.filter(\.present).count
        let target = document.targetCount(activity: number)
        let actor = try await req.plans.actor(for: project)
        return try await req.render(
            "Plans/attendance", title: "\(PlansText.attendanceTitle) กิจกรรมที่ \(number)",
            AttendanceBody(
                projectTitle: document.title, projectPath: PlansRoute.project(id).path, activity: "กิจกรรมที่ \(number) \(document.activity(number)?.title ?? "")",
                target: target.map { "\(DocView.count($0)) คน" } ?? "ไม่ได้ระบุ", present: present, registered: people.count,
                percent: target.map { $0 > 0 ? Decimal(present * 100).divided(by: Decimal($0), scale: 2).plainString : "-" } ?? "-",
                people: try people.enumerated().map { index, person in
                    Person(
                        n: index + 1, name: person.name, organisation: person.organisation, position: person.position, present: person.present,
                        source: person.source == "csv" ? "นำเข้า CSV" : "ลงทะเบียนหน้างาน",
                        presentPath: PlansRoute.attendancePresent(id, activity: number, person: try person.requireID()).path)
                },
                importPath: PlansRoute.attendanceImport(id, activity: number).path, checkInPath: PlansRoute.attendanceCheckIn(id, activity: number).path,
                canEdit: actor?.mayEdit ?? false, error: error, name: typed?.name ?? "", organisation: typed?.organisation ?? "", position: typed?.position ?? "",
                csvHeader: "ลำดับ,ชื่อ-สกุล,หน่วยงาน,ตำแหน่ง"), status: status, withForm: true)
    }

    func page(_ req: Request, projectID: UUID, activity: Int) async throws -> Response {
        try await attendancePage(req, project: try await req.plans.project(projectID), activity: activity)
    }

    struct ImportForm: Content { var file: File?; var mode: String? }

    /// The whole file is read and checked first; only then is anything written, in one transaction.
    func importCSV(_ req: Request, projectID: UUID, activity: Int) async throws -> Response {
        let project = try await req.plans.project(projectID)
        try await req.plans.requireEditor(of: project)
        let number = try activityNumber(activity, try project.document)
        let form = try req.content.decode(ImportForm.self)
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await attendancePage(req, project: project, activity: activity, error: "เลือกไฟล์ CSV ก่อน", status: .unprocessableEntity)
        }
        let result: AttendanceCSV.Result
        do {
            result = try AttendanceCSV.read(Array(file.data.readableBytesView))
        } catch {
            return try await attendancePage(req, project: project, activity: activity, error: "นำเข้าไม่ได้ ไม่มีรายชื่อใดถูกบันทึก: \(error.description)", status: .unprocessableEntity)
        }
        let projectID = try project.requireID()
        let added = try await req.evaluation.importAttendees(
            result.attendees, project: projectID, activity: number, present: form.mode != "registered",
            encoding: result.encoding.rawValue, by: try req.requireUser().requireID())
        let skipped = result.attendees.count - added
        return req.redirect(
            to: PlansRoute.attendance(projectID, activity: number).path,
            flash: Flash(kind: .success, text: PlansText.importDone(added, skipped: skipped, encoding: result.encoding)))
    }

    struct CheckInForm: Content { var name: String?; var organisation: String?; var position: String? }

    func checkIn(_ req: Request, projectID: UUID, activity: Int) async throws -> Response {
        let project = try await req.plans.project(projectID)
        try await req.plans.requireEditor(of: project)
        let number = try activityNumber(activity, try project.document)
        let form = try req.content.decode(CheckInForm.self)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else {
            return try await attendancePage(req, project: project, activity: activity, error: "ระบุชื่อ-สกุลของผู้เข้าร่วม (ไม่เกิน 200 ตัวอักษร)", typed: form, status: .unprocessableEntity)
        }
        let projectID = try project.requireID()
        let person = Attendee(
            name: name, organisation: (form.organisation ?? "").trimmingCharacters(in: .whitespaces),
            position: (form.position ?? "").trimmingCharacters(in: .whitespaces))
        let duplicate = try await !req.evaluation.checkIn(person, project: projectID, activity: number, by: try req.requireUser().requireID())
        if duplicate {
            return try await attendancePage(req, project: project, activity: activity, error: "\(name) ลงทะเบียนเข้าร่วมแล้ว", status: .conflict)
        }
        return req.redirect(to: PlansRoute.attendance(projectID, activity: number).path, flash: Flash(kind: .success, text: PlansText.checkedIn))
    }

    func markPresent(_ req: Request, projectID: UUID, activity: Int, person personID: UUID) async throws -> Response {
        let project = try await req.plans.project(projectID)
        try await req.plans.requireEditor(of: project)
        let number = try activityNumber(activity, try project.document)
        let projectID = try project.requireID()
        guard let person = try await PlanAttendee.find(personID, on: req.db), person.$project.id == projectID, person.activity == number else {
            throw PrakatError.notFound()
        }
        try await req.evaluation.togglePresence(person)
        return req.redirect(to: PlansRoute.attendance(projectID, activity: number).path, flash: Flash(kind: .success, text: PlansText.checkedIn))
    }
}
