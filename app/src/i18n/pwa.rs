//! Strings of the installed, offline-capable app: banners, install help, the web app manifest.

pub struct PwaStrings {
    /// The manifest's `description`.
    pub description: &'static str,
    /// The home-screen label: short enough for an icon.
    pub short_name: &'static str,
    /// "{time}": when the programme shown was last changed, in venue time.
    pub offline_as_of: &'static str,
    pub programme_changed: &'static str,
    pub refresh: &'static str,
    pub new_version: &'static str,
    pub reload: &'static str,
    pub install: &'static str,
    pub ios_install: &'static str,
    pub dismiss: &'static str,
    pub offline_title: &'static str,
    pub offline_body: &'static str,
}

pub const EN: PwaStrings = PwaStrings {
    description: "The conference programme, your own schedule and the changes that matter to you — also offline.",
    short_name: "Companion",
    offline_as_of: "Offline — programme as of {time}",
    programme_changed: "The programme has changed.",
    refresh: "Refresh",
    new_version: "New version available.",
    reload: "Reload",
    install: "Install the app",
    ios_install: "To install: tap Share, then “Add to Home Screen”.",
    dismiss: "Dismiss",
    offline_title: "You are offline",
    offline_body: "This page needs a connection. The agenda, every session and your schedule work offline.",
};

pub const FR: PwaStrings = PwaStrings {
    description: "Le programme de la conférence, votre programme personnel et les changements qui vous concernent — même hors ligne.",
    short_name: "Companion",
    offline_as_of: "Hors ligne — programme du {time}",
    programme_changed: "Le programme a changé.",
    refresh: "Actualiser",
    new_version: "Nouvelle version disponible.",
    reload: "Recharger",
    install: "Installer l’application",
    ios_install: "Pour installer : touchez Partager, puis « Sur l’écran d’accueil ».",
    dismiss: "Fermer",
    offline_title: "Vous êtes hors ligne",
    offline_body: "Cette page a besoin d’une connexion. Le programme, chaque session et votre programme personnel fonctionnent hors ligne.",
};

pub const AR: PwaStrings = PwaStrings {
    description: "برنامج المؤتمر وبرنامجك الشخصي والتغييرات التي تهمك — حتى دون اتصال.",
    short_name: "رفيق المندوب",
    offline_as_of: "دون اتصال — البرنامج كما في {time}",
    programme_changed: "تغيّر البرنامج.",
    refresh: "تحديث",
    new_version: "يتوفر إصدار جديد.",
    reload: "إعادة التحميل",
    install: "ثبّت التطبيق",
    ios_install: "للتثبيت: اضغط «مشاركة» ثم «إضافة إلى الشاشة الرئيسية».",
    dismiss: "إغلاق",
    offline_title: "أنت غير متصل",
    offline_body: "تحتاج هذه الصفحة إلى اتصال. البرنامج وكل الجلسات وبرنامجك الشخصي تعمل دون اتصال.",
};

pub const RU: PwaStrings = PwaStrings {
    description: "Программа конференции, ваше личное расписание и важные для вас изменения — даже без сети.",
    short_name: "Companion",
    offline_as_of: "Нет сети — программа на {time}",
    programme_changed: "Программа изменилась.",
    refresh: "Обновить",
    new_version: "Доступна новая версия.",
    reload: "Перезагрузить",
    install: "Установить приложение",
    ios_install: "Чтобы установить: нажмите «Поделиться», затем «На экран „Домой“».",
    dismiss: "Закрыть",
    offline_title: "Нет подключения",
    offline_body: "Этой странице нужна сеть. Программа, все сессии и ваше расписание работают без сети.",
};
