<?cs set:Page.Title = L.chat.title ?><?cs include:"layout_head.cs" ?>
<section class="card wide">
  <h1><?cs var:L.chat.title ?></h1>
  <?cs if:Notice ?><p class="notice" role="status" id="chat-notice"><?cs var:Notice ?></p><?cs /if ?>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="form-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <p class="instructions"><?cs var:L.chat.intro ?></p>
  <h2><?cs var:L.chat.list_title ?></h2>
  <?cs if:#List.Total == #0 ?><p id="chat-none"><?cs var:L.chat.none ?></p><?cs else ?>
  <div class="table-wrap">
  <table class="staff-table" id="linkages">
    <thead>
      <tr>
        <th scope="col"><?cs var:L.chat.col.org ?></th>
        <th scope="col"><?cs var:L.chat.col.company ?></th>
        <th scope="col"><?cs var:L.chat.col.customer_id ?></th>
        <th scope="col"><?cs var:L.chat.col.url ?></th>
        <th scope="col"><?cs var:L.chat.col.state ?></th>
        <th scope="col"><?cs var:L.chat.col.last_sent ?></th>
        <th scope="col"><?cs var:L.chat.col.actions ?></th>
      </tr>
    </thead>
    <tbody>
      <?cs each:l = Linkages ?>
      <tr id="linkage-<?cs var:l.Id ?>">
        <td class="linkage-org"><?cs var:l.Org ?></td>
        <td class="linkage-company"><?cs var:l.Company ?></td>
        <td class="linkage-customer nowrap"><?cs var:l.CustomerId ?></td>
        <td class="linkage-url"><?cs var:l.Url ?></td>
        <td class="linkage-state<?cs if:!l.Error ?> nowrap<?cs /if ?>"><span class="status state-<?cs var:l.State ?>"><?cs var:L.chat.state[l.State] ?></span><?cs if:l.Error ?><br><?cs var:L.chat.err.failing ?> <?cs var:l.Error ?><?cs /if ?></td>
        <td class="linkage-sent nowrap"><?cs if:l.LastSent ?><?cs var:l.LastSent ?><?cs else ?><?cs var:L.chat.never ?><?cs /if ?></td>
        <td class="linkage-actions">
          <?cs if:l.State != "disabled" ?>
          <form method="post" action="/account/chat/<?cs var:l.Id ?>/test" class="inline">
            <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
            <button type="submit" class="secondary" id="test-<?cs var:l.Id ?>"><?cs var:L.chat.test ?></button>
          </form>
          <form method="post" action="/account/chat/<?cs var:l.Id ?>/disable" class="inline">
            <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
            <button type="submit" class="secondary" id="disable-<?cs var:l.Id ?>"><?cs var:L.chat.disable ?></button>
          </form>
          <?cs /if ?>
          <?cs if:l.State != "enabled" ?>
          <form method="post" action="/account/chat/<?cs var:l.Id ?>/enable" class="inline">
            <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
            <button type="submit" class="secondary" id="enable-<?cs var:l.Id ?>"><?cs var:L.chat.enable ?></button>
          </form>
          <?cs /if ?>
          <a href="/account/chat/<?cs var:l.Id ?>/delete" id="delete-<?cs var:l.Id ?>"><?cs var:L.chat.delete ?></a>
        </td>
      </tr>
      <?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs /if ?>
  <h2><?cs var:L.chat.new_title ?></h2>
  <form method="post" action="/account/chat" class="form" id="chat-form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <p class="hint"><?cs var:L.chat.required_note ?></p>
    <label for="url"><?cs var:L.chat.url ?> *</label>
    <input id="url" name="url" type="text" inputmode="url" spellcheck="false" required autocomplete="off" value="" aria-describedby="url-hint<?cs if:Errors.url ?> url-error<?cs /if ?>">
    <?cs if:Errors.url ?><p class="field-error" id="url-error"><?cs var:Errors.url ?></p><?cs /if ?>
    <p class="hint" id="url-hint"><?cs var:L.chat.url_hint ?></p>
    <label for="company"><?cs var:L.chat.company ?> *</label>
    <input id="company" name="company" type="text" maxlength="200" required autocomplete="organization" value="<?cs var:Query.company ?>"<?cs if:Errors.company ?> aria-describedby="company-error"<?cs /if ?>>
    <?cs if:Errors.company ?><p class="field-error" id="company-error"><?cs var:Errors.company ?></p><?cs /if ?>
    <label for="customer_id"><?cs var:L.chat.customer_id ?> *</label>
    <input id="customer_id" name="customer_id" type="text" maxlength="36" required autocomplete="off" value="<?cs var:Query.customer_id ?>" aria-describedby="customer-id-hint<?cs if:Errors.customer_id ?> customer-id-error<?cs /if ?>">
    <?cs if:Errors.customer_id ?><p class="field-error" id="customer-id-error"><?cs var:Errors.customer_id ?></p><?cs /if ?>
    <p class="hint" id="customer-id-hint"><?cs var:L.chat.customer_id_hint ?></p>
    <label for="org"><?cs var:L.chat.org ?> *</label>
    <input id="org" name="org" type="text" maxlength="100" required autocomplete="off" value="<?cs var:Query.org ?>" aria-describedby="org-hint<?cs if:Errors.org ?> org-error<?cs /if ?>">
    <?cs if:Errors.org ?><p class="field-error" id="org-error"><?cs var:Errors.org ?></p><?cs /if ?>
    <p class="hint" id="org-hint"><?cs var:L.chat.org_hint ?></p>
    <button type="submit" class="primary" id="save-linkage"><?cs var:L.chat.save ?></button>
  </form>
</section>
<?cs include:"layout_foot.cs" ?>
