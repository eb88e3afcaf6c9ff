import Foundation

extension AgencyPages.FormBody {
    /// The profile as the mock agency has it, with one refused theme colour.
    static var mock: Self {
        var errors = FormErrors()
        errors.add("themeColour", "สีประจำหน่วยงานทำให้ตัวอักษรสีขาวอ่านยาก (คอนทราสต์ 2.1:1 ต่ำกว่า 4.5:1 ตามมาตรฐาน WCAG AA)")
        var values = AgencyPages.values(of: MockData.agency)
        values["themeColour"] = "#7fbf7f"
        return Self(
            action: AgencyRoute.saveSetup.path, firstRun: false, intro: nil, values: values, logoPath: AgencyRoute.logo(String(repeating: "ab", count: 32)).path,
            errors: errors, chooseLogoAgain: false)
    }
}

// Administration pages sit below the administration overview.
extension AgencyPages.FormBody: HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [Breadcrumb(label: AccountsText.adminTitle, path: AccountsRoute.admin.path)] }
}

extension AgencyPermissionPages.FormBody {
    static var mock: Self {
        Self(
            action: AgencyRoute.savePermission.path, required: true,
            delegates: [
                .init(value: "", label: AgencyText.anyAgencyHead, selected: false),
                .init(value: MockData.userID.uuidString.lowercased(), label: "นายแพทย์สมชาย ใจดี (นายแพทย์สาธารณสุขจังหวัดชลบุรี)", selected: true)
            ], error: nil, note: AgencyText.permissionNote)
    }
}
