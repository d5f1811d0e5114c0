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
    pub pass_attached: &'static str,
    /// The attached pass's file name, before the event's slug.
    pub pass_file: &'static str,
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
    invitation_intro: "We are pleased to invite you to the {event}, to be held on {dates} at {venue}. Participation is by invitation only: please register using the personal link below.",
    organiser_intro: "You are invited as an organiser of the {event} in Delegate Companion. Please sign in with the personal link below.",
    register_by: "Please register by {deadline}.",
    register_button: "Register",
    organiser_button: "Sign in",
    personal_link: "This link is personal and can be used only once: please do not forward this e-mail. If the button does not work, copy the link address into your browser.",
    reminder_subject: "Reminder: register for the {event} by {deadline}",
    reminder_intro: "According to our records, you have not yet registered for the {event}. Registration closes on {deadline}.",
    received_subject: "Registration received: {event}",
    received_body: "Thank you for registering for the {event}. The organisers will review your registration, and you will be informed of the outcome by e-mail.",
    confirmed_subject: "Registration confirmed: {event}",
    confirmed_body: "We are pleased to confirm your participation in the {event}, to be held on {dates} at {venue}. The agenda, your personal schedule and any last-minute changes are available in the app.",
    open_app: "Open the app",
    install_help: "To install it on your phone, open the app and choose “Add to Home screen” (Android: browser menu; iPhone: Share button). It will then work at the venue even without a network connection.",
    sign_in_help: "On another device, open the app and choose \"Sign in\": a sign-in link is sent to this address.",
    calendar_attached: "The attached calendar file contains the agenda: open it to add the sessions to your calendar.",
    pass_attached: "Your entry pass is attached: show its QR code at the entrance. It is also in the app under “My access”, where it opens without a network.",
    pass_file: "entry-pass",
    declined_subject: "Your registration: {event}",
    declined_body: "Thank you for your interest in the {event}. We regret that we are unable to confirm your participation. Should you have any questions, please write to {contact}.",
    sign_in_subject: "Sign-in link: {event}",
    sign_in_body: "A sign-in link for the {event} app was requested for this address. It can be used only once and expires after {minutes} minutes.",
    sign_in_button: "Sign in",
    sign_in_ignore: "If you did not request this link, you may safely ignore this e-mail: no one can sign in without it.",
    footer: "This message was sent automatically for the {event}; please do not reply to it. For any questions: {contact}.",
    programme_file: "programme",
};

pub const FR: MailTexts = MailTexts {
    greeting: "Madame, Monsieur,",
    invitation_subject: "Invitation\u{a0}: {event}",
    invitation_intro: "Nous avons le plaisir de vous inviter à la {event} ({dates}, {venue}). La participation se fait uniquement sur invitation\u{a0}: nous vous prions de bien vouloir vous inscrire au moyen du lien personnel ci-dessous.",
    organiser_intro: "Vous êtes invité(e) en tant qu’organisateur de la {event} dans l’application Delegate Companion. Veuillez vous connecter au moyen du lien personnel ci-dessous.",
    register_by: "Veuillez vous inscrire au plus tard le {deadline}.",
    register_button: "S’inscrire",
    organiser_button: "Se connecter",
    personal_link: "Ce lien est personnel et à usage unique\u{a0}: merci de ne pas transférer ce message. Si le bouton ne fonctionne pas, copiez l’adresse du lien dans votre navigateur.",
    reminder_subject: "Rappel\u{a0}: inscription à la {event} au plus tard le {deadline}",
    reminder_intro: "Sauf erreur de notre part, vous ne vous êtes pas encore inscrit(e) à la {event}. Les inscriptions seront closes le {deadline}.",
    received_subject: "Inscription reçue\u{a0}: {event}",
    received_body: "Nous vous remercions de votre inscription à la {event}. Elle va être examinée par les organisateurs, qui vous informeront de la suite par courriel.",
    confirmed_subject: "Inscription confirmée\u{a0}: {event}",
    confirmed_body: "Nous avons le plaisir de vous confirmer votre participation à la {event} ({dates}, {venue}). L’application contient le programme, votre programme personnel et les éventuels changements de dernière minute.",
    open_app: "Ouvrir l’application",
    install_help: "Pour installer l’application sur votre téléphone, ouvrez-la et choisissez «\u{a0}Ajouter à l’écran d’accueil\u{a0}» (Android\u{a0}: menu du navigateur\u{a0}; iPhone\u{a0}: bouton Partager). Elle fonctionnera ensuite sur place, même sans connexion réseau.",
    sign_in_help: "Sur un autre appareil, ouvrez l’application et choisissez «\u{a0}Se connecter\u{a0}»\u{a0}: un lien de connexion est envoyé à cette adresse.",
    calendar_attached: "Le fichier de calendrier joint contient le programme\u{a0}: ouvrez-le pour ajouter les sessions à votre agenda.",
    pass_attached: "Votre badge d’accès est joint\u{a0}: présentez son code QR à l’entrée. Il figure aussi dans l’application, sous «\u{a0}Mon accès\u{a0}», où il s’ouvre sans réseau.",
    pass_file: "badge-acces",
    declined_subject: "Votre inscription\u{a0}: {event}",
    declined_body: "Nous vous remercions de l’intérêt que vous portez à la {event}. Nous avons le regret de vous informer que nous ne sommes pas en mesure de confirmer votre participation. Pour toute question, vous pouvez écrire à {contact}.",
    sign_in_subject: "Lien de connexion\u{a0}: {event}",
    sign_in_body: "Un lien de connexion à l’application de la {event} a été demandé pour cette adresse. Il est à usage unique et valable {minutes}\u{a0}minutes.",
    sign_in_button: "Se connecter",
    sign_in_ignore: "Si vous n’êtes pas à l’origine de cette demande, vous pouvez ignorer ce message\u{a0}: personne ne peut se connecter sans ce lien.",
    footer: "Ce message a été envoyé automatiquement dans le cadre de la {event}\u{a0}; merci de ne pas y répondre. Pour toute question\u{a0}: {contact}.",
    programme_file: "programme",
};

pub const AR: MailTexts = MailTexts {
    greeting: "السيد/السيدة {name} المحترم/المحترمة،",
    invitation_subject: "دعوة: {event}",
    invitation_intro: "يسرّنا دعوتكم إلى {event} ({dates}، {venue}). وتقتصر المشاركة على المدعوين، لذا يُرجى التسجيل عبر الرابط الشخصي أدناه.",
    organiser_intro: "ندعوكم بصفتكم أحد منظمي {event} إلى تسجيل الدخول إلى تطبيق Delegate Companion عبر الرابط الشخصي أدناه.",
    register_by: "يُرجى التسجيل في موعد أقصاه {deadline}.",
    register_button: "التسجيل",
    organiser_button: "تسجيل الدخول",
    personal_link: "هذا الرابط شخصي ولا يُستخدم إلا مرة واحدة، لذا يُرجى عدم إعادة توجيه هذه الرسالة. وإذا لم يعمل الزر، يُرجى نسخ عنوان الرابط ولصقه في المتصفح.",
    reminder_subject: "تذكير: التسجيل في {event} قبل {deadline}",
    reminder_intro: "تشير سجلاتنا إلى أنكم لم تسجّلوا بعد في {event}. ويُغلق باب التسجيل في {deadline}.",
    received_subject: "تم استلام التسجيل: {event}",
    received_body: "نشكركم على تسجيلكم في {event}. سيراجع المنظمون طلب تسجيلكم، وسنوافيكم بالنتيجة عبر البريد الإلكتروني.",
    confirmed_subject: "تم تأكيد التسجيل: {event}",
    confirmed_body: "يسرّنا تأكيد مشاركتكم في {event} ({dates}، {venue}). وتجدون في التطبيق البرنامج وبرنامجكم الشخصي وأي تغييرات تطرأ خلال المؤتمر.",
    open_app: "فتح التطبيق",
    install_help: "لتثبيت التطبيق على هاتفكم، افتحوه واختاروا «إضافة إلى الشاشة الرئيسية» (أندرويد: قائمة المتصفح؛ آيفون: زر المشاركة). وسيعمل بعد ذلك في مكان المؤتمر حتى دون اتصال بالشبكة.",
    sign_in_help: "على جهاز آخر، افتحوا التطبيق واختاروا «تسجيل الدخول»: يُرسل رابط لتسجيل الدخول إلى هذا العنوان.",
    calendar_attached: "يتضمن ملف التقويم المرفق البرنامج: افتحوه لإضافة الجلسات إلى تقويمكم.",
    pass_attached: "بطاقة الدخول الخاصة بكم مرفقة: اعرضوا رمز QR الخاص بها عند المدخل. وتجدونها أيضًا في التطبيق ضمن «حسابي»، حيث تُفتح دون اتصال بالشبكة.",
    pass_file: "entry-pass",
    declined_subject: "تسجيلكم: {event}",
    declined_body: "نشكركم على اهتمامكم بالمشاركة في {event}، ونأسف لإبلاغكم بأنه يتعذّر علينا تأكيد مشاركتكم. ولأي استفسار، يُرجى مراسلتنا على العنوان {contact}.",
    sign_in_subject: "رابط تسجيل الدخول: {event}",
    sign_in_body: "طُلب رابط لتسجيل الدخول إلى تطبيق {event} باستخدام عنوان البريد الإلكتروني هذا. ولا يُستخدم الرابط إلا مرة واحدة، وتنتهي صلاحيته بعد {minutes} دقيقة.",
    sign_in_button: "تسجيل الدخول",
    sign_in_ignore: "إذا لم تطلبوا هذا الرابط، يمكنكم تجاهل هذه الرسالة؛ إذ لا يمكن تسجيل الدخول من دونه.",
    footer: "أُرسلت هذه الرسالة تلقائيًا بشأن {event}؛ يُرجى عدم الرد عليها. للاستفسار: {contact}.",
    programme_file: "programme",
};

pub const RU: MailTexts = MailTexts {
    greeting: "Уважаемый(-ая) {name}!",
    invitation_subject: "Приглашение: {event}",
    invitation_intro: "Приглашаем Вас принять участие в мероприятии «{event}» ({dates}, {venue}). Участие — только по приглашению: просим зарегистрироваться по персональной ссылке ниже.",
    organiser_intro: "Вы приглашены в качестве организатора мероприятия «{event}» в приложении Delegate Companion. Для входа воспользуйтесь персональной ссылкой ниже.",
    register_by: "Просим зарегистрироваться до {deadline}.",
    register_button: "Зарегистрироваться",
    organiser_button: "Войти",
    personal_link: "Ссылка персональная и одноразовая: просим не пересылать это письмо. Если кнопка не работает, скопируйте адрес ссылки в браузер.",
    reminder_subject: "Напоминание о регистрации: {event} — до {deadline}",
    reminder_intro: "По нашим данным, Вы ещё не зарегистрировались для участия в мероприятии «{event}». Регистрация закрывается {deadline}.",
    received_subject: "Регистрация получена: {event}",
    received_body: "Благодарим Вас за регистрацию для участия в мероприятии «{event}». Организаторы рассмотрят Вашу заявку; о результатах Вы будете уведомлены по электронной почте.",
    confirmed_subject: "Регистрация подтверждена: {event}",
    confirmed_body: "Подтверждаем Ваше участие в мероприятии «{event}» ({dates}, {venue}). В приложении доступны программа конференции, Ваше личное расписание («Моя программа») и все оперативные изменения.",
    open_app: "Открыть приложение",
    install_help: "Чтобы установить его на телефон, откройте приложение и выберите «Добавить на главный экран» (Android: меню браузера; iPhone: кнопка «Поделиться»). После этого оно будет работать на месте проведения даже без подключения к сети.",
    sign_in_help: "На другом устройстве откройте приложение и выберите «Войти»: ссылка для входа придёт на этот адрес.",
    calendar_attached: "В приложенном файле календаря содержится программа: откройте его, чтобы добавить сессии в свой календарь.",
    pass_attached: "Ваш пропуск приложен к письму: предъявите его QR-код на входе. Он также доступен в приложении в разделе «Мой доступ», где открывается и без сети.",
    pass_file: "entry-pass",
    declined_subject: "Ваша регистрация: {event}",
    declined_body: "Благодарим Вас за интерес к мероприятию «{event}». К сожалению, мы не можем подтвердить Ваше участие. По всем вопросам просим обращаться по адресу {contact}.",
    sign_in_subject: "Ссылка для входа: {event}",
    sign_in_body: "Для этого адреса запрошена ссылка для входа в приложение мероприятия «{event}». Ссылка одноразовая и действует в течение {minutes} минут.",
    sign_in_button: "Войти",
    sign_in_ignore: "Если Вы не запрашивали ссылку, просто не обращайте внимания на это письмо: без ссылки войти невозможно.",
    footer: "Письмо отправлено автоматически в связи с мероприятием «{event}»; просим не отвечать на него. По всем вопросам: {contact}.",
    programme_file: "programme",
};
