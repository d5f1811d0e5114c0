//! The mails' words in the four working languages: a struct per language, so a missing
//! translation does not compile. Placeholders in braces are filled by `compose`.

use app::i18n::Lang;

pub struct MailTexts {
    /// "{name}".
    pub greeting: &'static str,
    /// "{event}".
    pub invitation_subject: &'static str,
    /// "{event}", "{dates}", "{venue}".
    pub invitation_intro: &'static str,
    /// "{event}": an organiser's invitation.
    pub organiser_intro: &'static str,
    /// "{deadline}".
    pub register_by: &'static str,
    pub register_button: &'static str,
    pub organiser_button: &'static str,
    /// Under every single-use link.
    pub personal_link: &'static str,
    /// "{event}", "{deadline}".
    pub reminder_subject: &'static str,
    /// "{event}", "{deadline}".
    pub reminder_intro: &'static str,
    /// "{event}".
    pub received_subject: &'static str,
    /// "{event}".
    pub received_body: &'static str,
    /// "{event}".
    pub confirmed_subject: &'static str,
    /// "{event}", "{dates}", "{venue}".
    pub confirmed_body: &'static str,
    pub open_app: &'static str,
    pub install_help: &'static str,
    pub sign_in_help: &'static str,
    pub calendar_attached: &'static str,
    /// "{event}".
    pub declined_subject: &'static str,
    /// "{event}", "{contact}".
    pub declined_body: &'static str,
    /// "{event}".
    pub sign_in_subject: &'static str,
    /// "{event}", "{minutes}".
    pub sign_in_body: &'static str,
    pub sign_in_button: &'static str,
    pub sign_in_ignore: &'static str,
    /// "{event}", "{contact}".
    pub footer: &'static str,
    /// The calendar attachment's name, without ".ics".
    pub programme_file: &'static str,
}

pub fn texts(lang: Lang) -> &'static MailTexts {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
        Lang::Ar => &AR,
        Lang::Ru => &RU,
    }
}

pub const EN: MailTexts = MailTexts {
    greeting: "Dear {name},",
    invitation_subject: "Invitation: {event}",
    invitation_intro: "You are invited to the {event}, {dates}, {venue}. Participation is by invitation only: please register with the personal link below.",
    organiser_intro: "You are invited to organise the {event} in Delegate Companion. Sign in with the personal link below.",
    register_by: "Please register by {deadline}.",
    register_button: "Register",
    organiser_button: "Sign in",
    personal_link: "This link is personal and works once: please do not forward this mail. If the button does not work, open this address:",
    reminder_subject: "Reminder: register for the {event} by {deadline}",
    reminder_intro: "You have not yet registered for the {event}. Registration closes on {deadline}.",
    received_subject: "Registration received: {event}",
    received_body: "Thank you for registering for the {event}. The organisers will review your registration; you will receive a confirmation by e-mail.",
    confirmed_subject: "Registration confirmed: {event}",
    confirmed_body: "Your participation in the {event}, {dates}, {venue}, is confirmed. The programme, your own schedule and any change on the day are in the app.",
    open_app: "Open the app",
    install_help: "To keep it on your phone, open the app and choose \"Add to Home screen\" (Android: browser menu; iPhone: Share button). It then works without a network at the venue.",
    sign_in_help: "On another device, open the app and choose \"Sign in\": a sign-in link is sent to this address.",
    calendar_attached: "The attached calendar file holds the programme: open it to add the sessions to your calendar.",
    declined_subject: "Your registration: {event}",
    declined_body: "Thank you for your interest in the {event}. We regret that we cannot confirm your participation. For any question, please write to {contact}.",
    sign_in_subject: "Sign-in link: {event}",
    sign_in_body: "A sign-in link for the {event} app was requested for this address. It works once, within {minutes} minutes.",
    sign_in_button: "Sign in",
    sign_in_ignore: "If you did not ask for it, ignore this mail: nothing happens without the link.",
    footer: "Sent automatically for the {event}; replies are not read. Questions: {contact}.",
    programme_file: "programme",
};

pub const FR: MailTexts = MailTexts {
    greeting: "Madame, Monsieur, {name},",
    invitation_subject: "Invitation : {event}",
    invitation_intro: "Vous êtes invité(e) à la {event}, {dates}, {venue}. La participation se fait uniquement sur invitation : veuillez vous inscrire au moyen du lien personnel ci-dessous.",
    organiser_intro: "Vous êtes invité(e) à organiser la {event} dans Delegate Companion. Connectez-vous au moyen du lien personnel ci-dessous.",
    register_by: "Veuillez vous inscrire avant le {deadline}.",
    register_button: "S’inscrire",
    organiser_button: "Se connecter",
    personal_link: "Ce lien est personnel et ne fonctionne qu’une fois : merci de ne pas transférer ce message. Si le bouton ne fonctionne pas, ouvrez cette adresse :",
    reminder_subject: "Rappel : inscription à la {event} avant le {deadline}",
    reminder_intro: "Vous ne vous êtes pas encore inscrit(e) à la {event}. Les inscriptions seront closes le {deadline}.",
    received_subject: "Inscription reçue : {event}",
    received_body: "Merci de votre inscription à la {event}. Les organisateurs vont l’examiner ; vous recevrez une confirmation par courriel.",
    confirmed_subject: "Inscription confirmée : {event}",
    confirmed_body: "Votre participation à la {event}, {dates}, {venue}, est confirmée. Le programme, votre propre agenda et tout changement le jour même se trouvent dans l’application.",
    open_app: "Ouvrir l’application",
    install_help: "Pour la garder sur votre téléphone, ouvrez l’application et choisissez « Ajouter à l’écran d’accueil » (Android : menu du navigateur ; iPhone : bouton Partager). Elle fonctionne ensuite sans réseau sur place.",
    sign_in_help: "Sur un autre appareil, ouvrez l’application et choisissez « Se connecter » : un lien de connexion est envoyé à cette adresse.",
    calendar_attached: "Le fichier de calendrier joint contient le programme : ouvrez-le pour ajouter les sessions à votre agenda.",
    declined_subject: "Votre inscription : {event}",
    declined_body: "Merci de votre intérêt pour la {event}. Nous regrettons de ne pas pouvoir confirmer votre participation. Pour toute question, écrivez à {contact}.",
    sign_in_subject: "Lien de connexion : {event}",
    sign_in_body: "Un lien de connexion à l’application de la {event} a été demandé pour cette adresse. Il ne fonctionne qu’une fois, dans les {minutes} minutes.",
    sign_in_button: "Se connecter",
    sign_in_ignore: "Si vous ne l’avez pas demandé, ignorez ce message : rien ne se passe sans le lien.",
    footer: "Message envoyé automatiquement pour la {event} ; les réponses ne sont pas lues. Questions : {contact}.",
    programme_file: "programme",
};

pub const AR: MailTexts = MailTexts {
    greeting: "السيد/السيدة {name}،",
    invitation_subject: "دعوة: {event}",
    invitation_intro: "يسرّنا دعوتكم إلى {event}، {dates}، {venue}. المشاركة بالدعوة فقط: يُرجى التسجيل عبر الرابط الشخصي أدناه.",
    organiser_intro: "أنتم مدعوون إلى تنظيم {event} في تطبيق Delegate Companion. سجّلوا الدخول عبر الرابط الشخصي أدناه.",
    register_by: "يُرجى التسجيل قبل {deadline}.",
    register_button: "التسجيل",
    organiser_button: "تسجيل الدخول",
    personal_link: "هذا الرابط شخصي ويعمل مرة واحدة فقط: يُرجى عدم إعادة توجيه هذه الرسالة. إذا لم يعمل الزر، افتحوا هذا العنوان:",
    reminder_subject: "تذكير: التسجيل في {event} قبل {deadline}",
    reminder_intro: "لم تسجّلوا بعد في {event}. يُغلق باب التسجيل في {deadline}.",
    received_subject: "تم استلام التسجيل: {event}",
    received_body: "شكرًا لتسجيلكم في {event}. سيراجع المنظمون تسجيلكم، وستصلكم رسالة تأكيد بالبريد الإلكتروني.",
    confirmed_subject: "تم تأكيد التسجيل: {event}",
    confirmed_body: "تم تأكيد مشاركتكم في {event}، {dates}، {venue}. البرنامج وجدولكم الخاص وأي تغيير في يوم المؤتمر متاحة في التطبيق.",
    open_app: "فتح التطبيق",
    install_help: "للاحتفاظ به على هاتفكم، افتحوا التطبيق واختاروا «إضافة إلى الشاشة الرئيسية» (أندرويد: قائمة المتصفح؛ آيفون: زر المشاركة). يعمل بعدها دون اتصال بالشبكة في مكان المؤتمر.",
    sign_in_help: "على جهاز آخر، افتحوا التطبيق واختاروا «تسجيل الدخول»: يُرسل رابط لتسجيل الدخول إلى هذا العنوان.",
    calendar_attached: "يتضمن ملف التقويم المرفق البرنامج: افتحوه لإضافة الجلسات إلى تقويمكم.",
    declined_subject: "تسجيلكم: {event}",
    declined_body: "شكرًا لاهتمامكم بـ{event}. نأسف لعدم تمكننا من تأكيد مشاركتكم. لأي استفسار، يُرجى الكتابة إلى {contact}.",
    sign_in_subject: "رابط تسجيل الدخول: {event}",
    sign_in_body: "طُلب رابط لتسجيل الدخول إلى تطبيق {event} لهذا العنوان. يعمل مرة واحدة خلال {minutes} دقيقة.",
    sign_in_button: "تسجيل الدخول",
    sign_in_ignore: "إذا لم تطلبوه، تجاهلوا هذه الرسالة: لا يحدث شيء دون الرابط.",
    footer: "أُرسلت هذه الرسالة تلقائيًا بشأن {event}؛ لا تُقرأ الردود. للاستفسار: {contact}.",
    programme_file: "programme",
};

pub const RU: MailTexts = MailTexts {
    greeting: "Уважаемый(-ая) {name},",
    invitation_subject: "Приглашение: {event}",
    invitation_intro: "Приглашаем вас на {event}, {dates}, {venue}. Участие только по приглашению: пожалуйста, зарегистрируйтесь по персональной ссылке ниже.",
    organiser_intro: "Вы приглашены в организаторы {event} в Delegate Companion. Войдите по персональной ссылке ниже.",
    register_by: "Пожалуйста, зарегистрируйтесь до {deadline}.",
    register_button: "Зарегистрироваться",
    organiser_button: "Войти",
    personal_link: "Ссылка персональная и действует один раз: пожалуйста, не пересылайте это письмо. Если кнопка не работает, откройте этот адрес:",
    reminder_subject: "Напоминание: регистрация на {event} до {deadline}",
    reminder_intro: "Вы ещё не зарегистрировались на {event}. Регистрация закрывается {deadline}.",
    received_subject: "Регистрация получена: {event}",
    received_body: "Благодарим за регистрацию на {event}. Организаторы рассмотрят её; подтверждение придёт по электронной почте.",
    confirmed_subject: "Регистрация подтверждена: {event}",
    confirmed_body: "Ваше участие в {event}, {dates}, {venue}, подтверждено. Программа, ваше личное расписание и все изменения в день конференции — в приложении.",
    open_app: "Открыть приложение",
    install_help: "Чтобы сохранить его на телефоне, откройте приложение и выберите «Добавить на главный экран» (Android: меню браузера; iPhone: кнопка «Поделиться»). После этого оно работает на месте и без сети.",
    sign_in_help: "На другом устройстве откройте приложение и выберите «Войти»: ссылка для входа придёт на этот адрес.",
    calendar_attached: "В приложенном файле календаря — программа: откройте его, чтобы добавить заседания в свой календарь.",
    declined_subject: "Ваша регистрация: {event}",
    declined_body: "Благодарим за интерес к {event}. К сожалению, мы не можем подтвердить ваше участие. По всем вопросам пишите на {contact}.",
    sign_in_subject: "Ссылка для входа: {event}",
    sign_in_body: "Для этого адреса запрошена ссылка для входа в приложение {event}. Она действует один раз в течение {minutes} минут.",
    sign_in_button: "Войти",
    sign_in_ignore: "Если вы её не запрашивали, просто проигнорируйте это письмо: без ссылки ничего не произойдёт.",
    footer: "Письмо отправлено автоматически в связи с {event}; ответы не читаются. Вопросы: {contact}.",
    programme_file: "programme",
};
