//! Strings of the error pages a form's answer or a page that failed to load shows.

pub struct ErrorStrings {
    pub sign_in_title: &'static str,
    pub sign_in_body: &'static str,
    pub organisers_title: &'static str,
    pub organisers_body: &'static str,
    pub rejected_title: &'static str,
    pub rejected_body: &'static str,
    pub too_many_title: &'static str,
    pub too_many_body: &'static str,
    pub unavailable_title: &'static str,
    pub unavailable_body: &'static str,
    pub sign_in: &'static str,
}

pub const EN: ErrorStrings = ErrorStrings {
    sign_in_title: "Please sign in",
    sign_in_body: "You need to be signed in for this. Open your invitation link, or sign in with a code from a device where you are signed in.",
    organisers_title: "For organisers only",
    organisers_body: "This page and its forms are for the conference organisers.",
    rejected_title: "This could not be done",
    rejected_body: "The form could not be used as it was sent. Go back, check what you entered and try again.",
    too_many_title: "Too many attempts",
    too_many_body: "Please wait a minute, then try again.",
    unavailable_title: "Not available right now",
    unavailable_body: "This page could not be loaded. Please try again in a moment: the agenda and your schedule remain available offline.",
    sign_in: "Sign in",
};

pub const FR: ErrorStrings = ErrorStrings {
    sign_in_title: "Veuillez vous connecter",
    sign_in_body: "Vous devez vous connecter pour poursuivre. Ouvrez votre lien d’invitation ou connectez-vous avec un code à usage unique affiché sur un appareil déjà connecté.",
    organisers_title: "Réservé aux organisateurs",
    organisers_body: "Cette page et ses formulaires sont réservés aux organisateurs de la conférence.",
    rejected_title: "Cette action n’a pas pu être effectuée",
    rejected_body: "Le formulaire n’a pas pu être traité tel qu’il a été envoyé. Revenez en arrière, vérifiez votre saisie et réessayez.",
    too_many_title: "Trop de tentatives",
    too_many_body: "Veuillez patienter une minute, puis réessayer.",
    unavailable_title: "Momentanément indisponible",
    unavailable_body: "Cette page n’a pas pu être chargée. Veuillez réessayer dans un instant ; le programme et votre programme personnel restent consultables hors ligne.",
    sign_in: "Se connecter",
};

pub const AR: ErrorStrings = ErrorStrings {
    sign_in_title: "يرجى تسجيل الدخول",
    sign_in_body: "يتطلب هذا الإجراء تسجيل الدخول. افتح رابط دعوتك، أو سجّل الدخول برمز لمرة واحدة من جهاز مسجَّل الدخول.",
    organisers_title: "للمنظمين فقط",
    organisers_body: "هذه الصفحة ونماذجها مخصصة لمنظمي المؤتمر.",
    rejected_title: "تعذّر تنفيذ هذا الإجراء",
    rejected_body: "تعذّرت معالجة النموذج بالصيغة التي أُرسل بها. يُرجى العودة إلى الصفحة السابقة والتحقق مما أدخلته ثم المحاولة مرة أخرى.",
    too_many_title: "محاولات كثيرة جدًا",
    too_many_body: "يرجى الانتظار دقيقة ثم المحاولة مرة أخرى.",
    unavailable_title: "غير متاح حاليًا",
    unavailable_body: "تعذّر تحميل هذه الصفحة. يرجى إعادة المحاولة بعد قليل. ويظل البرنامج وبرنامجك الشخصي متاحَين دون اتصال.",
    sign_in: "تسجيل الدخول",
};

pub const RU: ErrorStrings = ErrorStrings {
    sign_in_title: "Требуется вход",
    sign_in_body: "Для этого необходимо войти. Откройте ссылку-приглашение или войдите по одноразовому коду, который можно показать на устройстве, где вы уже вошли.",
    organisers_title: "Только для организаторов",
    organisers_body: "Эта страница и её формы предназначены для организаторов конференции.",
    rejected_title: "Не удалось выполнить действие",
    rejected_body: "Форму не удалось обработать в том виде, в каком она была отправлена. Вернитесь назад, проверьте введённые данные и повторите попытку.",
    too_many_title: "Слишком много попыток",
    too_many_body: "Подождите минуту и повторите попытку.",
    unavailable_title: "Временно недоступно",
    unavailable_body: "Не удалось загрузить страницу. Повторите попытку немного позже. Программа и ваше расписание доступны и без сети.",
    sign_in: "Войти",
};
