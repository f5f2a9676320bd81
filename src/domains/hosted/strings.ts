// The words of the hosted pages in each language they speak; the survey's own questions are written by the
// workspace in its language. A survey in a language not listed here gets English around its questions.
import type { SurveyKind } from '../surveys/schema.ts';

export interface PageStrings {
  next: string;
  submit: string;
  /** The widget's dismiss button. */
  close: string;
  sending: string;
  /** Anchors of the rating scale: its lowest and highest end. */
  scaleLow: Record<SurveyKind, string>;
  scaleHigh: Record<SurveyKind, string>;
  /** The comment question, by the score group it follows. */
  reason: string;
  commentOptional: string;
  optional: string;
  required: string;
  chooseScore: string;
  errorSummary: string;
  thanksTitle: string;
  thanksBody: string;
  alreadyAnswered: string;
  notFoundTitle: string;
  notFoundBody: string;
  expiredTitle: string;
  expiredBody: string;
  closedTitle: string;
  closedBody: string;
  stars: (count: number) => string;
  /** The standard data-use notice; `{workspace}` is the workspace's name. */
  notice: string;
  contactConsent: string;
  feedbackTitle: string;
  feedbackPrompt: string;
  feedbackEmail: string;
  feedbackEmpty: string;
  badEmail: string;
  tooLong: string;
  /** E-mail surveys: the line above the score links of the plain-text part, and the unsubscribe link. */
  emailChooseScore: string;
  /** Above the follow-ups after a one-click score from an e-mail. */
  scoreRecorded: string;
  unsubscribe: string;
  unsubscribeTitle: string;
  unsubscribeBody: string;
  unsubscribeButton: string;
  unsubscribedTitle: string;
  unsubscribedBody: string;
}

const en: PageStrings = {
  next: 'Next',
  submit: 'Send',
  close: 'Close',
  sending: 'Sending…',
  scaleLow: {
    nps: 'Not at all likely',
    csat: 'Very dissatisfied',
    ces: 'Strongly disagree',
    custom: 'Lowest',
  },
  scaleHigh: { nps: 'Extremely likely', csat: 'Very satisfied', ces: 'Strongly agree', custom: 'Highest' },
  reason: 'What is the main reason for your score?',
  commentOptional: 'Anything else you would like to tell us?',
  optional: 'optional',
  required: 'Please answer this question.',
  chooseScore: 'Please choose a score.',
  errorSummary: 'Please check your answers:',
  thanksTitle: 'Thank you!',
  thanksBody: 'Your answer has been recorded. It helps us do better.',
  alreadyAnswered: 'This survey has already been answered through this link. Thank you!',
  notFoundTitle: 'This link does not work',
  notFoundBody: 'The address may be incomplete. Please use the link exactly as you received it.',
  expiredTitle: 'This link has expired',
  expiredBody: 'The survey behind it is no longer open through this link.',
  closedTitle: 'This survey is closed',
  closedBody: 'It is no longer taking answers. Thank you for your interest.',
  stars: (count) => (count === 1 ? '1 star' : `${count} stars`),
  notice:
    '{workspace} uses your answers to understand and improve its service. They are stored securely, never sold, and you can ask for them to be deleted at any time.',
  contactConsent: 'You may contact me about my answer.',
  feedbackTitle: 'Tell us anything',
  feedbackPrompt: 'What is on your mind?',
  feedbackEmail: 'Your e-mail address, if you would like a reply',
  feedbackEmpty: 'Please write something before sending.',
  badEmail: 'Please enter an e-mail address such as name@example.com.',
  tooLong: 'Please keep it under 10,000 characters.',
  emailChooseScore: 'Choose your score',
  unsubscribe: 'Unsubscribe from surveys',
  unsubscribeTitle: 'Stop receiving surveys?',
  unsubscribeBody: 'You will not be asked for feedback again, by e-mail or anywhere else.',
  unsubscribeButton: 'Unsubscribe',
  unsubscribedTitle: 'You are unsubscribed',
  unsubscribedBody: 'You will not receive any more surveys from {workspace}.',
  scoreRecorded: 'Thank you, your score is recorded. Anything you would like to add?',
};

const de: PageStrings = {
  next: 'Weiter',
  submit: 'Senden',
  close: 'Schließen',
  sending: 'Wird gesendet…',
  scaleLow: {
    nps: 'Überhaupt nicht wahrscheinlich',
    csat: 'Sehr unzufrieden',
    ces: 'Stimme überhaupt nicht zu',
    custom: 'Niedrigste',
  },
  scaleHigh: {
    nps: 'Äußerst wahrscheinlich',
    csat: 'Sehr zufrieden',
    ces: 'Stimme voll zu',
    custom: 'Höchste',
  },
  reason: 'Was ist der wichtigste Grund für Ihre Bewertung?',
  commentOptional: 'Möchten Sie uns noch etwas mitteilen?',
  optional: 'optional',
  required: 'Bitte beantworten Sie diese Frage.',
  chooseScore: 'Bitte wählen Sie eine Bewertung.',
  errorSummary: 'Bitte prüfen Sie Ihre Antworten:',
  thanksTitle: 'Vielen Dank!',
  thanksBody: 'Ihre Antwort wurde gespeichert. Sie hilft uns, besser zu werden.',
  alreadyAnswered: 'Diese Umfrage wurde über diesen Link bereits beantwortet. Vielen Dank!',
  notFoundTitle: 'Dieser Link funktioniert nicht',
  notFoundBody:
    'Die Adresse ist möglicherweise unvollständig. Bitte verwenden Sie den Link genau so, wie Sie ihn erhalten haben.',
  expiredTitle: 'Dieser Link ist abgelaufen',
  expiredBody: 'Die Umfrage ist über diesen Link nicht mehr geöffnet.',
  closedTitle: 'Diese Umfrage ist geschlossen',
  closedBody: 'Sie nimmt keine Antworten mehr entgegen. Vielen Dank für Ihr Interesse.',
  stars: (count) => (count === 1 ? '1 Stern' : `${count} Sterne`),
  notice:
    '{workspace} nutzt Ihre Antworten, um seinen Service zu verstehen und zu verbessern. Sie werden sicher gespeichert, nie verkauft, und Sie können jederzeit ihre Löschung verlangen.',
  contactConsent: 'Sie dürfen mich zu meiner Antwort kontaktieren.',
  feedbackTitle: 'Sagen Sie uns Ihre Meinung',
  feedbackPrompt: 'Was möchten Sie uns sagen?',
  feedbackEmail: 'Ihre E-Mail-Adresse, falls Sie eine Antwort wünschen',
  feedbackEmpty: 'Bitte schreiben Sie etwas, bevor Sie senden.',
  badEmail: 'Bitte geben Sie eine E-Mail-Adresse wie name@example.com ein.',
  tooLong: 'Bitte bleiben Sie unter 10.000 Zeichen.',
  emailChooseScore: 'Wählen Sie Ihre Bewertung',
  unsubscribe: 'Keine Umfragen mehr erhalten',
  unsubscribeTitle: 'Keine Umfragen mehr erhalten?',
  unsubscribeBody: 'Sie werden nicht mehr um Feedback gebeten, weder per E-Mail noch anderswo.',
  unsubscribeButton: 'Abmelden',
  unsubscribedTitle: 'Sie sind abgemeldet',
  unsubscribedBody: 'Sie erhalten keine Umfragen mehr von {workspace}.',
  scoreRecorded: 'Danke, Ihre Bewertung ist gespeichert. Möchten Sie noch etwas ergänzen?',
};

const es: PageStrings = {
  next: 'Siguiente',
  submit: 'Enviar',
  close: 'Cerrar',
  sending: 'Enviando…',
  scaleLow: {
    nps: 'Nada probable',
    csat: 'Muy insatisfecho',
    ces: 'Totalmente en desacuerdo',
    custom: 'Mínimo',
  },
  scaleHigh: { nps: 'Muy probable', csat: 'Muy satisfecho', ces: 'Totalmente de acuerdo', custom: 'Máximo' },
  reason: '¿Cuál es el motivo principal de su puntuación?',
  commentOptional: '¿Hay algo más que quiera contarnos?',
  optional: 'opcional',
  required: 'Por favor, responda a esta pregunta.',
  chooseScore: 'Por favor, elija una puntuación.',
  errorSummary: 'Por favor, revise sus respuestas:',
  thanksTitle: '¡Gracias!',
  thanksBody: 'Hemos registrado su respuesta. Nos ayuda a mejorar.',
  alreadyAnswered: 'Esta encuesta ya se respondió con este enlace. ¡Gracias!',
  notFoundTitle: 'Este enlace no funciona',
  notFoundBody: 'Puede que la dirección esté incompleta. Use el enlace tal como lo recibió.',
  expiredTitle: 'Este enlace ha caducado',
  expiredBody: 'La encuesta ya no está abierta a través de este enlace.',
  closedTitle: 'Esta encuesta está cerrada',
  closedBody: 'Ya no acepta respuestas. Gracias por su interés.',
  stars: (count) => (count === 1 ? '1 estrella' : `${count} estrellas`),
  notice:
    '{workspace} usa sus respuestas para entender y mejorar su servicio. Se guardan de forma segura, nunca se venden y puede pedir que se borren en cualquier momento.',
  contactConsent: 'Pueden contactarme sobre mi respuesta.',
  feedbackTitle: 'Cuéntenos lo que quiera',
  feedbackPrompt: '¿Qué le gustaría decirnos?',
  feedbackEmail: 'Su correo electrónico, si desea una respuesta',
  feedbackEmpty: 'Por favor, escriba algo antes de enviar.',
  badEmail: 'Introduzca un correo electrónico como nombre@example.com.',
  tooLong: 'Por favor, no supere los 10.000 caracteres.',
  emailChooseScore: 'Elija su puntuación',
  unsubscribe: 'Darse de baja de las encuestas',
  unsubscribeTitle: '¿Dejar de recibir encuestas?',
  unsubscribeBody: 'No volveremos a pedirle su opinión, ni por correo ni por otra vía.',
  unsubscribeButton: 'Darse de baja',
  unsubscribedTitle: 'Se ha dado de baja',
  unsubscribedBody: 'No recibirá más encuestas de {workspace}.',
  scoreRecorded: 'Gracias, su puntuación se ha registrado. ¿Quiere añadir algo?',
};

const fr: PageStrings = {
  next: 'Suivant',
  submit: 'Envoyer',
  close: 'Fermer',
  sending: 'Envoi…',
  scaleLow: {
    nps: 'Pas du tout probable',
    csat: 'Très insatisfait',
    ces: "Pas du tout d'accord",
    custom: 'Minimum',
  },
  scaleHigh: { nps: 'Très probable', csat: 'Très satisfait', ces: "Tout à fait d'accord", custom: 'Maximum' },
  reason: 'Quelle est la raison principale de votre note ?',
  commentOptional: 'Souhaitez-vous nous dire autre chose ?',
  optional: 'facultatif',
  required: 'Veuillez répondre à cette question.',
  chooseScore: 'Veuillez choisir une note.',
  errorSummary: 'Veuillez vérifier vos réponses :',
  thanksTitle: 'Merci !',
  thanksBody: 'Votre réponse a été enregistrée. Elle nous aide à nous améliorer.',
  alreadyAnswered: 'Ce questionnaire a déjà reçu une réponse par ce lien. Merci !',
  notFoundTitle: 'Ce lien ne fonctionne pas',
  notFoundBody: "L'adresse est peut-être incomplète. Utilisez le lien exactement tel que vous l'avez reçu.",
  expiredTitle: 'Ce lien a expiré',
  expiredBody: "Le questionnaire n'est plus ouvert par ce lien.",
  closedTitle: 'Ce questionnaire est clos',
  closedBody: "Il n'accepte plus de réponses. Merci de votre intérêt.",
  stars: (count) => (count === 1 ? '1 étoile' : `${count} étoiles`),
  notice:
    '{workspace} utilise vos réponses pour comprendre et améliorer son service. Elles sont conservées en sécurité, jamais vendues, et vous pouvez demander leur suppression à tout moment.',
  contactConsent: 'Vous pouvez me contacter au sujet de ma réponse.',
  feedbackTitle: 'Dites-nous tout',
  feedbackPrompt: "Qu'avez-vous envie de nous dire ?",
  feedbackEmail: 'Votre adresse e-mail, si vous souhaitez une réponse',
  feedbackEmpty: "Veuillez écrire quelque chose avant d'envoyer.",
  badEmail: 'Saisissez une adresse e-mail comme nom@example.com.',
  tooLong: 'Veuillez rester sous 10 000 caractères.',
  emailChooseScore: 'Choisissez votre note',
  unsubscribe: 'Se désabonner des questionnaires',
  unsubscribeTitle: 'Ne plus recevoir de questionnaires ?',
  unsubscribeBody: 'On ne vous demandera plus votre avis, ni par e-mail ni ailleurs.',
  unsubscribeButton: 'Se désabonner',
  unsubscribedTitle: 'Vous êtes désabonné',
  unsubscribedBody: 'Vous ne recevrez plus de questionnaires de {workspace}.',
  scoreRecorded: 'Merci, votre note est enregistrée. Souhaitez-vous ajouter quelque chose ?',
};

const pt: PageStrings = {
  next: 'Seguinte',
  submit: 'Enviar',
  close: 'Fechar',
  sending: 'A enviar…',
  scaleLow: {
    nps: 'Nada provável',
    csat: 'Muito insatisfeito',
    ces: 'Discordo totalmente',
    custom: 'Mínimo',
  },
  scaleHigh: {
    nps: 'Extremamente provável',
    csat: 'Muito satisfeito',
    ces: 'Concordo totalmente',
    custom: 'Máximo',
  },
  reason: 'Qual é o principal motivo da sua nota?',
  commentOptional: 'Há mais alguma coisa que nos queira dizer?',
  optional: 'opcional',
  required: 'Por favor, responda a esta pergunta.',
  chooseScore: 'Por favor, escolha uma nota.',
  errorSummary: 'Por favor, verifique as suas respostas:',
  thanksTitle: 'Obrigado!',
  thanksBody: 'A sua resposta foi registada. Ajuda-nos a melhorar.',
  alreadyAnswered: 'Este inquérito já foi respondido através desta ligação. Obrigado!',
  notFoundTitle: 'Esta ligação não funciona',
  notFoundBody: 'O endereço pode estar incompleto. Use a ligação exatamente como a recebeu.',
  expiredTitle: 'Esta ligação expirou',
  expiredBody: 'O inquérito já não está aberto através desta ligação.',
  closedTitle: 'Este inquérito está fechado',
  closedBody: 'Já não aceita respostas. Obrigado pelo seu interesse.',
  stars: (count) => (count === 1 ? '1 estrela' : `${count} estrelas`),
  notice:
    '{workspace} usa as suas respostas para compreender e melhorar o seu serviço. São guardadas com segurança, nunca vendidas, e pode pedir a sua eliminação a qualquer momento.',
  contactConsent: 'Podem contactar-me sobre a minha resposta.',
  feedbackTitle: 'Diga-nos o que quiser',
  feedbackPrompt: 'O que nos quer dizer?',
  feedbackEmail: 'O seu e-mail, se quiser uma resposta',
  feedbackEmpty: 'Por favor, escreva algo antes de enviar.',
  badEmail: 'Introduza um e-mail como nome@example.com.',
  tooLong: 'Por favor, não ultrapasse os 10.000 caracteres.',
  emailChooseScore: 'Escolha a sua nota',
  unsubscribe: 'Cancelar a receção de inquéritos',
  unsubscribeTitle: 'Deixar de receber inquéritos?',
  unsubscribeBody: 'Não voltaremos a pedir a sua opinião, por e-mail ou de outra forma.',
  unsubscribeButton: 'Cancelar',
  unsubscribedTitle: 'A sua subscrição foi cancelada',
  unsubscribedBody: 'Não voltará a receber inquéritos de {workspace}.',
  scoreRecorded: 'Obrigado, a sua nota foi registada. Quer acrescentar alguma coisa?',
};

const byLanguage: Record<string, PageStrings> = { en, de, es, fr, pt };

/** The strings for a BCP 47 tag ("pt-BR" → Portuguese), English when the language is not spoken here. */
export function stringsFor(language: string): { language: string; strings: PageStrings } {
  const primary = language.toLowerCase().split('-')[0];
  const strings = byLanguage[primary];
  return strings ? { language, strings } : { language: 'en', strings: en };
}

/** Languages the hosted pages speak. */
export const pageLanguages = Object.keys(byLanguage);
