<?cs set:Page.Title = L.requests.title ?><?cs include:"layout_head.cs" ?>
<?cs include:"cases/request_parts.cs" ?>
<section class="card wide">
  <h1><?cs var:L.requests.title ?></h1>
  <p class="instructions"><?cs var:L.requests.intro ?></p>
  <section class="points" id="points" aria-labelledby="points-title">
    <h2 id="points-title"><?cs var:L.requests.points_title ?></h2>
    <?cs if:Points.Has == "1" ?>
    <p><?cs var:L.requests.remaining ?>: <strong id="points-remaining"><?cs var:Points.Remaining ?></strong> <?cs var:L.requests.points_unit ?>
      (<?cs var:L.requests.contracted ?> <span id="points-total"><?cs var:Points.Contracted ?></span> / <?cs var:L.requests.credited ?> <span id="points-credited"><?cs var:Points.Credited ?></span> / <?cs var:L.requests.consumed ?> <span id="points-consumed"><?cs var:Points.Consumed ?></span>)</p>
    <?cs else ?>
    <p id="points-none"><?cs var:L.requests.no_period ?> <span hidden id="points-remaining">0</span></p>
    <?cs /if ?>
  </section>
  <h2><?cs var:L.requests.catalog ?></h2>
  <?cs if:subcount(Items) == 0 ?><p class="hint"><?cs var:L.requests.no_items ?></p><?cs /if ?>
  <ul class="catalog" id="catalog">
    <?cs each:it = Items ?>
    <li id="item-<?cs var:it.Code ?>">
      <h3><a href="/cases/requests/<?cs var:url_escape(it.Code) ?>"><?cs var:it.Name ?></a></h3>
      <p class="pre"><?cs var:it.Description ?></p>
      <p class="cost"><?cs var:L.requests.col.cost ?>: <span class="item-cost"><?cs var:it.Cost ?></span> <?cs var:L.requests.points_unit ?></p>
    </li>
    <?cs /each ?>
  </ul>
  <h2 id="mine-title"><?cs var:L.requests.mine ?></h2>
  <?cs if:subcount(Requests) == 0 ?><p class="hint" id="requests-none"><?cs var:L.requests.none ?></p><?cs else ?>
  <?cs call:request_count() ?>
  <table class="list" id="request-list" aria-labelledby="mine-title">
    <thead><tr>
      <th scope="col"><?cs var:L.requests.col.no ?></th><th scope="col"><?cs var:L.requests.col.item ?></th>
      <th scope="col"><?cs var:L.requests.col.cost ?></th><th scope="col"><?cs var:L.requests.col.state ?></th>
      <th scope="col"><?cs var:L.requests.col.case ?></th><th scope="col"><?cs var:L.requests.col.requester ?></th>
      <th scope="col"><?cs var:L.requests.col.sent ?></th>
    </tr></thead>
    <tbody>
    <?cs each:q = Requests ?>
    <tr id="request-<?cs var:q.No ?>" data-state="<?cs var:q.State ?>">
      <td><a href="/cases/requests/<?cs var:url_escape(q.No) ?>" class="request-no"><?cs var:q.No ?></a></td>
      <td><?cs var:q.Item ?></td>
      <td class="num"><?cs var:q.Cost ?></td>
      <td><?cs call:request_state(q.State) ?><?cs if:q.State == "rejected" && q.Reason ?><span class="hint"><?cs var:q.Reason ?></span><?cs /if ?></td>
      <td><?cs if:q.CaseNo ?><a href="/cases/<?cs var:url_escape(q.CaseNo) ?>" class="case-link"><?cs var:q.CaseNo ?></a><?cs /if ?></td>
      <td><?cs var:q.Requester ?></td>
      <td><?cs var:q.CreatedAt ?></td>
    </tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs call:request_pager("/cases/requests/?") ?>
  <?cs /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
