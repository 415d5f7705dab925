// Builds elements from data without innerHTML, so text from the server or the patient is never
// parsed as markup.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Builds a labelled form field with a slot for the server's rule about it. */
export function field(id, label, control) {
  control.id = id;
  const error = h('p', { class: 'field-error', id: `${id}-error`, role: 'alert', hidden: true });
  control.setAttribute('aria-describedby', error.id);
  return h('div', { class: 'field', 'data-field': id }, h('label', { for: id }, label), control, error);
}

/** Shows the server's problem details beside the fields it names; returns what is left to show at the top. */
export function showFieldErrors(form, apiError, fieldIds, message) {
  for (const node of form.querySelectorAll('.field-error')) {
    node.hidden = true;
    node.textContent = '';
  }
  const unplaced = [];
  for (const violation of apiError.problem.errors ?? []) {
    const id = fieldIds[violation.field] ?? fieldIds[violation.field.split('.')[0]];
    const slot = id ? form.querySelector(`#${id}-error`) : null;
    if (slot) {
      slot.textContent = message(violation.rule);
      slot.hidden = false;
      form.querySelector(`#${id}`)?.setAttribute('aria-invalid', 'true');
    } else {
      unplaced.push(violation.rule);
    }
  }
  return unplaced.length > 0 ? unplaced.join('; ') : apiError.problem.errors?.length ? '' : apiError.message;
}
