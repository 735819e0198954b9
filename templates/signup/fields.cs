<?cs # Form field macros of the wizard. Values come from Query.<name>, messages
     from Errors.<name> (shown as #<name>-error next to the field). ?><?cs
def:sg_error(name) ?><?cs if:Errors[name] ?>
      <p class="field-error" id="<?cs var:name ?>-error"><?cs var:Errors[name] ?></p><?cs /if ?><?cs /def ?><?cs
def:sg_badge(req) ?><?cs if:req ?> <span class="sg-badge"><?cs var:L.signup.required ?></span><?cs /if ?><?cs /def ?><?cs
def:sg_input(name, type, max, ph, ac, mode) ?><input id="<?cs var:name ?>" name="<?cs var:name ?>" type="<?cs var:type ?>" maxlength="<?cs var:max ?>" value="<?cs var:Query[name] ?>"<?cs if:ph ?> placeholder="<?cs var:ph ?>"<?cs /if ?><?cs if:ac ?> autocomplete="<?cs var:ac ?>"<?cs /if ?><?cs if:mode ?> inputmode="<?cs var:mode ?>"<?cs /if ?><?cs if:Errors[name] ?> aria-invalid="true" aria-describedby="<?cs var:name ?>-error"<?cs /if ?>><?cs /def ?><?cs
def:sg_text(name, label, req, max, ph, ac) ?>
    <div class="sg-field">
      <label class="sg-label" for="<?cs var:name ?>"><?cs var:label ?><?cs call:sg_badge(req) ?></label>
      <div class="sg-control"><?cs call:sg_input(name, "text", max, ph, ac, "") ?><?cs call:sg_error(name) ?></div>
    </div><?cs /def ?><?cs
def:sg_digits(name, label, req, max, ph, ac, hint) ?>
    <div class="sg-field">
      <label class="sg-label" for="<?cs var:name ?>"><?cs var:label ?><?cs call:sg_badge(req) ?></label>
      <div class="sg-control"><?cs call:sg_input(name, "text", max, ph, ac, "numeric") ?><?cs if:hint ?>
        <p class="hint"><?cs var:hint ?></p><?cs /if ?><?cs call:sg_error(name) ?></div>
    </div><?cs /def ?><?cs
def:sg_name(p) ?>
    <div class="sg-field">
      <span class="sg-label"><?cs var:L.signup.name ?><?cs call:sg_badge(1) ?></span>
      <div class="sg-control sg-pair">
        <div><label class="sg-sub" for="<?cs var:p ?>surname"><?cs var:L.signup.surname ?></label><?cs call:sg_input(p + "surname", "text", 50, "", "family-name", "") ?><?cs call:sg_error(p + "surname") ?></div>
        <div><label class="sg-sub" for="<?cs var:p ?>given_name"><?cs var:L.signup.given_name ?></label><?cs call:sg_input(p + "given_name", "text", 50, "", "given-name", "") ?><?cs call:sg_error(p + "given_name") ?></div>
      </div>
    </div><?cs /def ?><?cs
def:sg_email(p) ?>
    <div class="sg-field">
      <label class="sg-label" for="<?cs var:p ?>email"><?cs var:L.signup.email ?><?cs call:sg_badge(1) ?></label>
      <div class="sg-control"><?cs call:sg_input(p + "email", "email", 254, L.signup.email_ph, "email", "email") ?><?cs call:sg_error(p + "email") ?>
        <label class="sg-sub" for="<?cs var:p ?>email_confirm"><?cs var:L.signup.email_confirm_hint ?></label><?cs call:sg_input(p + "email_confirm", "email", 254, "", "off", "email") ?><?cs call:sg_error(p + "email_confirm") ?></div>
    </div><?cs /def ?><?cs
def:sg_prefecture(name) ?>
    <div class="sg-field">
      <label class="sg-label" for="<?cs var:name ?>"><?cs var:L.signup.prefecture ?><?cs call:sg_badge(1) ?></label>
      <div class="sg-control"><select id="<?cs var:name ?>" name="<?cs var:name ?>" autocomplete="address-level1"<?cs if:Errors[name] ?> aria-invalid="true" aria-describedby="<?cs var:name ?>-error"<?cs /if ?>>
          <option value=""><?cs var:L.signup.prefecture_choose ?></option><?cs each:pref = Signup.Prefectures ?>
          <option value="<?cs var:pref ?>"<?cs if:pref == Query[name] ?> selected<?cs /if ?>><?cs var:pref ?></option><?cs /each ?>
        </select><?cs call:sg_error(name) ?></div>
    </div><?cs /def ?><?cs
def:sg_address(p) ?><?cs
  call:sg_digits(p + "postal_code", L.signup.postal_code, 1, 8, L.signup.postal_ph, "postal-code", L.signup.postal_hint) ?><?cs
  call:sg_prefecture(p + "prefecture") ?><?cs
  call:sg_text(p + "address", L.signup.address, 1, 200, L.signup.address_ph, "street-address") ?><?cs
  call:sg_digits(p + "phone", L.signup.phone, 1, 11, L.signup.phone_ph, "tel", L.signup.phone_hint) ?><?cs
/def ?><?cs
def:sg_errors_summary() ?><?cs if:Signup.Errors ?>
  <p class="error-message" role="alert" id="form-errors"><?cs var:L.signup.has_errors ?></p><?cs /if ?><?cs /def ?><?cs
def:sg_default_button() ?>
    <?cs # first submit button of the form: Enter in a field means "next", not "remove" ?>
    <button type="submit" name="action" value="next" class="sg-default" tabindex="-1" aria-hidden="true"><?cs var:L.signup.next ?></button><?cs /def ?><?cs
def:sg_lang() ?>
  <p class="lang-switch"><a href="/auth/lang?set=ja&amp;next=<?cs var:url_escape(Request.Path) ?>" lang="ja">日本語</a> | <a href="/auth/lang?set=en&amp;next=<?cs var:url_escape(Request.Path) ?>" lang="en">English</a></p><?cs /def ?>
